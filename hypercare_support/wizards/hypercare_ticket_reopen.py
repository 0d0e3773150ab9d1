from odoo import fields, models


class HypercareTicketReopen(models.TransientModel):
    """The reporter reopens a resolved issue: the reason is required."""

    _name = "hypercare.ticket.reopen"
    _inherit = ["hypercare.ticket.wizard.mixin"]
    _description = "Reopen a Hypercare Issue"

    reason = fields.Text(
        required=True,
        help="What still goes wrong: it goes to the chatter and to whoever "
        "handles the issue.",
    )

    def action_reopen(self):
        self.ensure_one()
        self._tickets().action_hypercare_reopen(reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
