from odoo import api, fields, models


class ResUsersSettings(models.Model):
    _inherit = "res.users.settings"

    hypercare_pulse_dismissed_week = fields.Date(
        help="Monday of the week whose hypercare pulse the user dismissed."
    )

    @api.model
    def _get_fields_blacklist(self):
        """The pulse's dismissal is server-side bookkeeping: kept out of the
        settings sent to the web client (``session_info`` is serialised with
        ``json.dumps``, which cannot write a date)."""
        return [*super()._get_fields_blacklist(), "hypercare_pulse_dismissed_week"]
