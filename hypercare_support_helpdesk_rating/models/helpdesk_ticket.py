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

    def _hypercare_rating_template(self):
        if self.rating_status != "stage_change":
            return False  # no rating asked on this ticket
        if self.stage_id.rating_mail_template_id:
            return False  # helpdesk_mgmt_rating sends the stage's request itself
        return self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template",
            raise_if_not_found=False,
        )
