from odoo import models


class HypercareCharter(models.Model):
    _inherit = "hypercare.charter"

    def _hypercare_ratings_action(self):
        """The ratings of a charter carried by a helpdesk team: those of its
        tickets (a helpdesk rating has no parent record to filter on), by
        domain: the action travels with the dashboard's payload."""
        action = super()._hypercare_ratings_action()
        if self._hypercare_carrier_model()._name == "helpdesk.ticket":
            action["domain"] = [
                ("hypercare_charter_id", "=", self.id),
                ("consumed", "=", True),
            ]
        return action
