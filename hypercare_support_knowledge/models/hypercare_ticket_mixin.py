from odoo import models

# the tickets whose answer is worth a knowledge page
PUBLISHABLE_TYPES = ("how_to", "training")


class HypercareTicketMixin(models.AbstractModel):
    """Publish a resolved how-to or training ticket as a knowledge page."""

    _inherit = "hypercare.ticket.mixin"

    def action_hypercare_publish_page(self):
        """Open the publishing dialog, prefilled from the ticket."""
        self.ensure_one()
        wizard = self.env["hypercare.knowledge.publish"]._for_ticket(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Publish to the knowledge base"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "views": [(False, "form")],
            "target": "new",
        }
