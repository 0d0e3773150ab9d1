from odoo import fields, models
from odoo.exceptions import UserError


class HypercareTicketWizardMixin(models.AbstractModel):
    """A dialog acting on hypercare tickets given by model and ids."""

    _name = "hypercare.ticket.wizard.mixin"
    _description = "Hypercare Ticket Dialog Mixin"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True, help="Comma-separated ticket ids.")

    def _tickets(self):
        self.ensure_one()
        if (
            self.res_model
            not in self.env["hypercare.charter"]._hypercare_ticket_models()
        ):
            raise UserError(self.env._("These records are not hypercare tickets."))
        ids = [int(i) for i in (self.res_ids or "").split(",") if i.strip().isdigit()]
        return self.env[self.res_model].browse(ids).exists()
