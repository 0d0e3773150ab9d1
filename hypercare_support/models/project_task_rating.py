from odoo import models
from odoo.exceptions import AccessError, ValidationError


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

    def _hypercare_rating_template(self):
        stage = self.stage_id
        by_stage = stage.rating_active and stage.rating_template_id
        if by_stage and stage.rating_status == "stage" and self.partner_id:
            return False  # project sends the stage's request itself
        if by_stage:
            return stage.rating_template_id
        return self.env.ref(
            "hypercare_support.mail_template_hypercare_rating",
            raise_if_not_found=False,
        )

    def hypercare_rate(self, score, feedback=None):
        """The reporter rates the resolution of their ticket (as the e-mailed
        rating link does): ``score`` from 1 to 5."""
        self.ensure_one()
        if not self.env.su and self.env.user != self.hypercare_reporter_id:
            raise AccessError(
                self.env._("Only the reporter rates the resolution of an issue.")
            )
        if int(score) not in range(1, 6):
            raise ValidationError(
                self.env._("A rating goes from 1 to 5, not %(score)s.", score=score)
            )
        ticket = self.sudo()
        return ticket.rating_apply(
            int(score), token=ticket._rating_get_access_token(), feedback=feedback
        )
