from odoo import models


class HypercareTicketMixin(models.AbstractModel):
    """Satisfaction: a resolved ticket asks its reporter to rate the
    resolution, through its carrier's rating mechanism when it has one
    (project tasks: Odoo's; helpdesk tickets: OCA ``helpdesk_mgmt_rating``)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.mixin"

    def _hypercare_notify_resolved(self):
        res = super()._hypercare_notify_resolved()
        if "rating_ids" in self._fields:
            self._hypercare_request_rating()
        return res

    def _hypercare_rating_template(self):
        """Carrier hook: the template asking this ticket's reporter to rate
        it, or False when the carrier sends its own request (its stage's) or
        none is to be sent."""
        return False

    def _hypercare_request_rating(self):
        for ticket in self.sudo().filtered("hypercare_reporter_id"):
            template = ticket._hypercare_rating_template()
            if template and ticket.hypercare_reporter_id != self.env.user:
                ticket.rating_send_request(
                    template, lang=ticket.hypercare_reporter_id.lang, force_send=False
                )
