from odoo import fields, models
from odoo.exceptions import UserError


class HypercareTicketReopen(models.TransientModel):
    """The reporter reopens a resolved issue: the reason is required."""

    _name = "hypercare.ticket.reopen"
    _description = "Reopen a Hypercare Issue"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True, help="Comma-separated ticket ids.")
    reason = fields.Text(
        required=True,
        help="What still goes wrong: it goes to the chatter and to whoever "
        "handles the issue.",
    )

    def _tickets(self):
        self.ensure_one()
        if (
            self.res_model
            not in self.env["hypercare.charter"]._hypercare_ticket_models()
        ):
            raise UserError(self.env._("These records are not hypercare tickets."))
        ids = [int(i) for i in (self.res_ids or "").split(",") if i.strip().isdigit()]
        return self.env[self.res_model].browse(ids).exists()

    def action_reopen(self):
        self.ensure_one()
        self._tickets().action_hypercare_reopen(reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
