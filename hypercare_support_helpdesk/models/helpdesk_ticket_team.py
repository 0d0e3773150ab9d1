from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    hypercare_charter_ids = fields.One2many(
        "hypercare.charter", "team_id", string="Hypercare Charters"
    )
    hypercare_charter_id = fields.Many2one(
        "hypercare.charter",
        compute="_compute_hypercare_charter_id",
        store=True,
        index="btree_not_null",
    )

    @api.depends("hypercare_charter_ids")
    def _compute_hypercare_charter_id(self):
        for team in self:
            team.hypercare_charter_id = team.hypercare_charter_ids[:1]
