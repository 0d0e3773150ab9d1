from odoo import fields, models


class ResUsersSettings(models.Model):
    _inherit = "res.users.settings"

    hypercare_pulse_dismissed_week = fields.Date(
        help="Monday of the week whose hypercare pulse the user dismissed."
    )
