import operator

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

ADOPTION_KINDS = [
    ("internal_resolution", "Questions solved internally (%)"),
    ("howto_trend", "How-to trend (last week minus the week before)"),
    ("active_users", "Users going live active last week (%)"),
    ("pulse", "Weekly pulse average (1-5)"),
]
ADOPTION_OPERATORS = {
    "internal_resolution": (operator.ge, "≥", " %"),
    "howto_trend": (operator.lt, "<", ""),
    "active_users": (operator.ge, "≥", " %"),
    "pulse": (operator.ge, "≥", ""),
}
# (kind, name, threshold, required), after the ticket criteria
DEFAULT_ADOPTION_CRITERIA = [
    (
        "internal_resolution",
        _lt("70 % of questions solved without the partner"),
        70.0,
        True,
    ),
    ("howto_trend", _lt("How-to questions trending down"), 0.0, True),
    ("active_users", _lt("80 % of the users going live active"), 80.0, True),
    ("pulse", _lt("Weekly pulse at 3.5 or more"), 3.5, False),
]


class HypercareExitCriterion(models.Model):
    """The adoption kinds of the exit gate: internal resolution, how-to
    trend, active users and the weekly pulse (measured on the last full
    week by ``hypercare.charter._hypercare_adoption_metrics``)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.exit.criterion"

    kind = fields.Selection(
        selection_add=ADOPTION_KINDS + [("manual",)],
        ondelete=dict.fromkeys(dict(ADOPTION_KINDS), "cascade"),
    )
    not_enough_data = fields.Boolean(
        compute="_compute_not_enough_data",
        help="Too little data to measure (fewer than 5 pulse answers, nobody "
        "in scope, no question last week): not met.",
    )

    @api.constrains("threshold", "kind")
    def _check_adoption_threshold(self):
        for criterion in self:
            if criterion.kind in (
                "internal_resolution",
                "active_users",
            ) and not (0 <= criterion.threshold <= 100):
                raise ValidationError(
                    self.env._(
                        "The threshold of %(name)s is a percentage (0-100).",
                        name=criterion.name,
                    )
                )
            if criterion.kind == "pulse" and not (1 <= criterion.threshold <= 5):
                raise ValidationError(
                    self.env._(
                        "The pulse threshold is a score from 1 to 5, not %(value)s.",
                        value=criterion.threshold,
                    )
                )

    @api.depends_context("uid")
    @api.depends("kind", "charter_id")
    def _compute_not_enough_data(self):
        adoption = self.filtered(lambda c: c.kind in ADOPTION_OPERATORS)
        (self - adoption).not_enough_data = False
        for charter in adoption.charter_id:
            no_data = (
                charter._origin._hypercare_adoption_metrics()["no_data"]
                if charter._origin
                else set(ADOPTION_OPERATORS)
            )
            for criterion in adoption.filtered(
                lambda c, ch=charter: c.charter_id == ch
            ):
                criterion.not_enough_data = criterion.kind in no_data

    @api.depends("kind", "threshold", "charter_id.baseline_weekly_volume")
    def _compute_target_display(self):
        res = super()._compute_target_display()
        for criterion in self.filtered(lambda c: c.kind in ADOPTION_OPERATORS):
            _compare, symbol, unit = ADOPTION_OPERATORS[criterion.kind]
            target = f"{symbol} {criterion.threshold:g}{unit}"
            if criterion.kind == "howto_trend":
                target = self.env._("%(target)s, or both weeks at 0", target=target)
            if criterion.kind == "pulse":
                target = self.env._("%(target)s (5 answers or more)", target=target)
            criterion.target_display = target
        return res

    @api.model
    def _week_kinds(self):
        return super()._week_kinds() | set(ADOPTION_OPERATORS)

    @api.model
    def _charter_metrics(self, charter):
        metrics = super()._charter_metrics(charter)
        metrics["adoption"] = charter._hypercare_adoption_metrics()
        return metrics

    def _evaluate(self, metrics):
        if self.kind not in ADOPTION_OPERATORS:
            return super()._evaluate(metrics)
        adoption = metrics.get("adoption") or {}
        value = float(adoption.get(self.kind, 0.0))
        if not adoption or self.kind in adoption["no_data"]:
            return value, False
        if self.kind == "howto_trend" and not any(adoption["howto_weeks"]):
            return value, True
        return value, ADOPTION_OPERATORS[self.kind][0](value, self.threshold)

    @api.model
    def _default_vals(self):
        vals = super()._default_vals()
        vals += [
            {
                "sequence": 50 + sequence,
                "kind": kind,
                "name": self.env._(name),
                "threshold": threshold,
                "required": required,
            }
            for sequence, (kind, name, threshold, required) in enumerate(
                DEFAULT_ADOPTION_CRITERIA, start=1
            )
        ]
        return vals
