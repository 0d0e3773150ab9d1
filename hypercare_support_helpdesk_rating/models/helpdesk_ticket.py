from odoo import models


class HelpdeskTicket(models.Model):
    """Satisfaction: a resolved hypercare helpdesk ticket asks its reporter to
    rate the resolution through OCA ``helpdesk_mgmt_rating``, as a project
    task does through Odoo's rating (the stage's request when the stage
    sends one, else the module's own template)."""

    _inherit = "helpdesk.ticket"

    def _rating_get_partner(self):
        if self.hypercare_charter_id and self.hypercare_reporter_id:
            return self.hypercare_reporter_id.partner_id
        return super()._rating_get_partner()

    def _hypercare_notify_resolved(self):
        res = super()._hypercare_notify_resolved()
        self._hypercare_request_rating()
        return res

    def _hypercare_request_rating(self):
        template = self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template",
            raise_if_not_found=False,
        )
        for ticket in self.sudo().filtered("hypercare_reporter_id"):
            if ticket.rating_status != "stage_change":
                continue  # no rating asked on this ticket
            if ticket.stage_id.rating_mail_template_id:
                continue  # helpdesk_mgmt_rating sends the stage's request itself
            if template and ticket.hypercare_reporter_id != self.env.user:
                ticket.rating_send_request(
                    template, lang=ticket.hypercare_reporter_id.lang, force_send=False
                )
