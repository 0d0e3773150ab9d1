from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _name = "helpdesk.ticket.team"
    _inherit = ["hypercare.carrier.mixin", "helpdesk.ticket.team"]

    _hypercare_charter_field = "team_id"

    hypercare_charter_ids = fields.One2many(inverse_name=_hypercare_charter_field)
