from odoo import api, fields, models


class RatingRating(models.Model):
    """The charter of a helpdesk ticket's rating, searchable: the dashboard's
    drill-down opens a charter's ratings by domain, not by a list of ids."""

    _inherit = "rating.rating"

    hypercare_charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        compute="_compute_hypercare_charter_id",
        search="_search_hypercare_charter_id",
    )

    @api.depends("res_model", "res_id")
    def _compute_hypercare_charter_id(self):
        Ticket = self.env["helpdesk.ticket"].sudo()
        for rating in self:
            rating.hypercare_charter_id = (
                Ticket.browse(rating.res_id).exists().hypercare_charter_id
                if rating.res_model == "helpdesk.ticket" and rating.res_id
                else False
            )

    def _search_hypercare_charter_id(self, operator, value):
        if operator != "in":
            return NotImplemented
        # the tickets of the charters, in SQL: no id list, however many
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._search([("hypercare_charter_id", "in", [v for v in value if v])])
        )
        return [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets)]
