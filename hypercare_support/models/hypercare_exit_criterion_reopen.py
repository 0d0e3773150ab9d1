import operator

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

REOPEN_KINDS = [("reopen_rate", "Resolutions reopened last week (%)")]
# (name, threshold, required) of the default criterion
DEFAULT_REOPEN_CRITERION = (_lt("Fewer than 10 % of resolutions reopened"), 10.0, False)


class HypercareExitCriterion(models.Model):
    """The ``reopen_rate`` kind: the share of the last full week's
    resolutions (tickets first resolved that week) that were reopened since,
    a measure of first-time fixes. Met below its threshold."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.exit.criterion"

    kind = fields.Selection(
        selection_add=REOPEN_KINDS + [("manual",)],
        ondelete=dict.fromkeys(dict(REOPEN_KINDS), "cascade"),
    )

    @api.constrains("threshold", "kind")
    def _check_reopen_threshold(self):
        for criterion in self.filtered(lambda c: c.kind == "reopen_rate"):
            if not 0 <= criterion.threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "The threshold of %(name)s is a percentage (0-100).",
                        name=criterion.name,
                    )
                )

    @api.depends("kind", "threshold", "charter_id.baseline_weekly_volume")
    def _compute_target_display(self):
        res = super()._compute_target_display()
        for criterion in self.filtered(lambda c: c.kind == "reopen_rate"):
            criterion.target_display = f"< {criterion.threshold:g} %"
        return res

    @api.model
    def _week_kinds(self):
        """Measured on the last full week: not measurable before it ends."""
        return super()._week_kinds() | {"reopen_rate"}

    def _evaluate(self, metrics):
        if self.kind != "reopen_rate":
            return super()._evaluate(metrics)
        value = float(metrics.get("reopen_rate", 0.0))
        return value, operator.lt(value, self.threshold)

    @api.model
    def _default_vals(self):
        vals = super()._default_vals()
        name, threshold, required = DEFAULT_REOPEN_CRITERION
        vals.append(
            {
                "sequence": 60,
                "kind": "reopen_rate",
                "name": self.env._(name),  # pylint: disable=translation-not-lazy
                "threshold": threshold,
                "required": required,
            }
        )
        return vals
