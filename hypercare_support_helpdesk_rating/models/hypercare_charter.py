from odoo import models


class HypercareCharter(models.Model):
    _inherit = "hypercare.charter"

    def _hypercare_ratings_action(self):
        """The ratings of a charter carried by a helpdesk team: those of its
        tickets (a helpdesk rating has no parent record to filter on)."""
        action = super()._hypercare_ratings_action()
        Ticket = self._hypercare_carrier_model()
        if Ticket._name == "helpdesk.ticket":
            tickets = Ticket.sudo().search([("hypercare_charter_id", "=", self.id)])
            action["domain"] = [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("consumed", "=", True),
            ]
        return action
