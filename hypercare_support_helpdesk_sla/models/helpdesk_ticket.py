from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _hypercare_hand_over(self, contact, bau_rows, now):
        """Tickets handed over to BAU get their SLA lines from helpdesk_mgmt_sla
        (its own assignment, ``set_sla``) once their team uses it: the BAU
        measurement goes on in the customer's tool."""
        res = super()._hypercare_hand_over(contact, bau_rows, now)
        tickets = self.filtered(lambda t: t.team_id.use_sla and not t.ticket_sla_ids)
        tickets.sudo().set_sla()
        # their state is stored now, as the ticket stands at the handover
        tickets.ticket_sla_ids.flush_recordset()
        return res
