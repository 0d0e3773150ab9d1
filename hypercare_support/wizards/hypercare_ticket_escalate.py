from odoo import fields, models


class HypercareTicketEscalate(models.TransientModel):
    """Escalate tickets one support layer up: the reason is required."""

    _name = "hypercare.ticket.escalate"
    _inherit = ["hypercare.ticket.wizard.mixin"]
    _description = "Escalate Hypercare Tickets"

    reason = fields.Text(
        required=True,
        help="Why the ticket needs the next layer: it goes to the chatter and "
        "to the person it is assigned to.",
    )
    next_layer_info = fields.Char(compute="_compute_next_layer_info")

    def _compute_next_layer_info(self):
        for wizard in self:
            layers = {
                (t.support_layer or "l1").upper() for t in wizard._tickets().sudo()
            }
            wizard.next_layer_info = ", ".join(sorted(layers))

    def action_escalate(self):
        self.ensure_one()
        self._tickets().action_hypercare_escalate(reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
