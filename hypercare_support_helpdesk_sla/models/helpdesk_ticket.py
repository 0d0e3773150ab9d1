from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _hypercare_hand_over(self, contact, bau_rows, now):
        """Tickets handed over to BAU get their SLA lines from helpdesk_mgmt_sla
        (its own assignment, ``set_sla``) once their team uses it: the BAU
        measurement goes on in the customer's tool."""
        res = super()._hypercare_hand_over(contact, bau_rows, now)
        self.filtered(
            lambda t: t.team_id.use_sla and not t.ticket_sla_ids
        ).sudo().set_sla()
        return res
