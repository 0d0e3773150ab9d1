from odoo import fields, models
from odoo.exceptions import UserError


class HypercareTicketEscalate(models.TransientModel):
    """Escalate tickets one support layer up: the reason is required."""

    _name = "hypercare.ticket.escalate"
    _description = "Escalate Hypercare Tickets"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True, help="Comma-separated ticket ids.")
    reason = fields.Text(
        required=True,
        help="Why the ticket needs the next layer: it goes to the chatter and "
        "to the person it is assigned to.",
    )
    next_layer_info = fields.Char(compute="_compute_next_layer_info")

    def _tickets(self):
        self.ensure_one()
        if (
            self.res_model
            not in self.env["hypercare.charter"]._hypercare_ticket_models()
        ):
            raise UserError(self.env._("These records are not hypercare tickets."))
        ids = [int(i) for i in (self.res_ids or "").split(",") if i.strip().isdigit()]
        return self.env[self.res_model].browse(ids).exists()

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
