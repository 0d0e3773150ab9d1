from odoo import models


class ProjectTask(models.Model):
    """Satisfaction: a resolved hypercare ticket asks its reporter to rate the
    resolution through Odoo's rating mechanism (the stage's rating template
    when the stage asks for ratings, else the hypercare one)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "project.task"

    def _rating_get_partner(self):
        if self.hypercare_charter_id and self.hypercare_reporter_id:
            return self.hypercare_reporter_id.partner_id
        return super()._rating_get_partner()

    def _hypercare_notify_resolved(self):
        res = super()._hypercare_notify_resolved()
        self._hypercare_request_rating()
        return res

    def _hypercare_request_rating(self):
        default = self.env.ref(
            "hypercare_support.mail_template_hypercare_rating",
            raise_if_not_found=False,
        )
        for ticket in self.sudo().filtered("hypercare_reporter_id"):
            stage = ticket.stage_id
            by_stage = stage.rating_active and stage.rating_template_id
            if by_stage and stage.rating_status == "stage" and ticket.partner_id:
                continue  # project sends the stage's request itself
            template = stage.rating_template_id if by_stage else default
            if template and ticket.hypercare_reporter_id != self.env.user:
                ticket.rating_send_request(
                    template, lang=ticket.hypercare_reporter_id.lang, force_send=False
                )
