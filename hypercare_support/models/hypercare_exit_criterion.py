import operator
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

CRITERION_KINDS = [
    ("open_critical", "Open critical tickets"),
    ("open_high", "Open high tickets"),
    ("sla_critical_high", "Critical & high resolved within SLA (%)"),
    ("incoming_trend", "Incoming trend (last week minus the week before)"),
    ("volume_baseline", "Weekly volume back to baseline"),
    ("sustained_sla", "Consecutive weeks within SLA"),
    ("first_close", "First close completed"),
    ("bau_contact", "BAU contact named"),
    ("manual", "Signed off by a manager"),
]
# how the measured value compares to the threshold for the criterion to be met
KIND_OPERATORS = {
    "open_critical": (operator.le, "="),
    "open_high": (operator.lt, "<"),
    "sla_critical_high": (operator.gt, ">"),
    "incoming_trend": (operator.lt, "<"),
    "volume_baseline": (operator.le, "≤"),
    "sustained_sla": (operator.ge, "≥"),
    "first_close": (operator.ge, "≥"),
    "bau_contact": (operator.ge, "≥"),
}
KIND_UNITS = {
    "sla_critical_high": " %",
    "volume_baseline": " %",
    "sustained_sla": " wk",
}
# (kind, name, threshold, sequence); manual ones are added by name below
DEFAULT_CRITERIA = [
    ("open_critical", _lt("No open critical ticket"), 0.0),
    ("open_high", _lt("Fewer than 10 open high tickets"), 10.0),
    (
        "sla_critical_high",
        _lt("Over 75 % of critical & high resolved within SLA"),
        75.0,
    ),
    ("incoming_trend", _lt("Incoming volume trending down"), 0.0),
    ("volume_baseline", _lt("Weekly volume back to the pre-go-live baseline"), 100.0),
    ("sustained_sla", _lt("SLA targets met two weeks in a row"), 2.0),
    ("first_close", _lt("First period close completed"), 1.0),
    ("bau_contact", _lt("BAU support contact named"), 1.0),
]
DEFAULT_MANUAL_CRITERIA = [
    _lt("Knowledge transfer complete"),
    _lt("DR documentation updated"),
    _lt("Parallel systems retired"),
]
# context key of action_sign / action_unsign, the only writers of a signature
SIGN_ACTION = "hypercare_sign_action"
SIGNATURE_FIELDS = {"signed_by_id", "date_signed"}
# context key of the close, the only writer of a closed gate (its freeze)
FREEZE_ACTION = "hypercare_freeze_gate"
MAX_WEEKS = 26  # weeks looked back for the sustained SLA criterion


class HypercareExitCriterion(models.Model):
    """One exit criterion of a charter: a metric measured on the tickets
    against a threshold, or a statement a manager signs with evidence."""

    _name = "hypercare.exit.criterion"
    _description = "Hypercare Exit Criterion"
    _inherit = ["hypercare.charter.term.mixin"]
    _order = "charter_id, sequence, id"
    _check_company_auto = True
    # the exit gate is a term of the charter: changes after go-live are logged
    _hypercare_logged_fields = ("name", "kind", "threshold", "required")

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    kind = fields.Selection(CRITERION_KINDS, required=True, default="manual")
    threshold = fields.Float(
        aggregator=None,  # thresholds of different kinds do not add up
        help="Compared to the measured value: open critical = (at most), open "
        "high <, SLA share >, incoming trend <, volume ≤ baseline × threshold "
        "/ 100, sustained SLA ≥ weeks, first close / BAU contact ≥ 1.",
    )
    required = fields.Boolean(default=True)
    current_value = fields.Float(
        string="Measured", compute="_compute_current_value", digits=(16, 1)
    )
    target_display = fields.Char(string="Target", compute="_compute_target_display")
    is_met = fields.Boolean(string="Met", compute="_compute_current_value")
    measurable = fields.Boolean(
        compute="_compute_current_value",
        help="False for a criterion measured on full weeks before the charter's "
        "first full week after go-live: not measurable yet, so not met.",
    )
    signed_by_id = fields.Many2one("res.users", readonly=True, check_company=True)
    date_signed = fields.Datetime(readonly=True)
    evidence = fields.Text(
        help="What proves the criterion is met (document, link, sign-off)."
    )
    date_frozen = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the charter closed: from then on the criterion shows the "
        "value and outcome it had at close (the exit gate as signed).",
    )
    frozen_value = fields.Float(readonly=True, copy=False, digits=(16, 1))
    frozen_met = fields.Boolean(readonly=True, copy=False)

    @api.constrains("threshold", "kind")
    def _check_threshold(self):
        for criterion in self:
            if criterion.kind == "sla_critical_high" and not (
                0 <= criterion.threshold <= 100
            ):
                raise ValidationError(
                    self.env._("The SLA share threshold is a percentage (0-100).")
                )
            if criterion.kind in ("open_high", "sustained_sla", "volume_baseline") and (
                criterion.threshold < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The threshold of %(name)s cannot be negative.",
                        name=criterion.name,
                    )
                )

    def _hypercare_term_log_title(self):
        return self.env._("Exit criteria changed after go-live:")

    @api.depends("kind", "threshold", "charter_id.baseline_weekly_volume")
    def _compute_target_display(self):
        labels = {
            "first_close": self.env._("done"),
            "bau_contact": self.env._("set"),
            "manual": self.env._("signed"),
        }
        for criterion in self:
            kind = criterion.kind
            if kind in labels:
                criterion.target_display = labels[kind]
                continue
            symbol = KIND_OPERATORS.get(kind, (None, ""))[1]
            if kind == "open_critical" and criterion.threshold:
                symbol = "≤"
            if kind == "incoming_trend":
                criterion.target_display = self.env._(
                    "< %(threshold)s, or both weeks ≤ %(baseline)s tickets",
                    threshold=f"{criterion.threshold:g}",
                    baseline=f"{criterion.charter_id.baseline_weekly_volume:g}",
                )
            elif kind == "volume_baseline":
                criterion.target_display = self.env._(
                    "≤ %(max)s tickets/week (%(pct)s %% of baseline)",
                    max=round(
                        criterion.charter_id.baseline_weekly_volume
                        * criterion.threshold
                        / 100.0,
                        1,
                    ),
                    pct=round(criterion.threshold, 1),
                )
            else:
                criterion.target_display = (
                    f"{symbol} {criterion.threshold:g}{KIND_UNITS.get(kind, '')}"
                )

    @api.depends_context("uid")
    @api.depends(
        "kind",
        "threshold",
        "date_signed",
        "date_frozen",
        "charter_id",
        "charter_id.baseline_weekly_volume",
    )
    def _compute_current_value(self):
        # a closed charter's gate is frozen as it stood at close
        frozen = self.filtered("date_frozen")
        for criterion in frozen:
            criterion.current_value = criterion.frozen_value
            criterion.is_met = criterion.frozen_met
            criterion.measurable = True
        live = self - frozen
        # measured on saved charters only: a form's onchange works on new
        # records, which SQL cannot read; until saved they show the saved figures
        metrics = {
            charter: self._charter_metrics(charter._origin) if charter._origin else {}
            for charter in live.charter_id
        }
        for criterion in live:
            criterion._set_measure(metrics.get(criterion.charter_id, {}))
        # the sibling criteria share the measure: fill them in too, so reading
        # the criteria one by one measures each charter once
        siblings = (live.charter_id.exit_criterion_ids - self).filtered(
            lambda c: not c.date_frozen
        )
        computed = [self._fields[f] for f in ("current_value", "is_met", "measurable")]
        with self.env.protecting(computed, siblings):
            for criterion in siblings:
                criterion._set_measure(metrics[criterion.charter_id])

    def _set_measure(self, metrics):
        """Assigns the measure of this live criterion: a criterion measured on
        full weeks reads 0, not measurable and not met until the charter's
        first full week after go-live has ended."""
        self.ensure_one()
        if self.kind in self._week_kinds() and not metrics.get("measurable"):
            self.current_value, self.is_met, self.measurable = 0.0, False, False
            return
        self.current_value, self.is_met = self._evaluate(metrics)
        self.measurable = True

    @api.model
    def _week_kinds(self):
        """Kinds measured on the full weeks since go-live."""
        return {"incoming_trend", "volume_baseline", "sustained_sla"}

    def _evaluate(self, metrics):
        """(measured value, met) of this criterion given the charter metrics."""
        self.ensure_one()
        if self.kind == "manual":
            signed = bool(self.date_signed)
            return (1.0 if signed else 0.0), signed
        value = float(metrics.get(self.kind, 0.0))
        baseline = self.charter_id.baseline_weekly_volume
        if self.kind == "volume_baseline":
            return value, value <= baseline * self.threshold / 100.0
        if self.kind == "incoming_trend" and "incoming_weeks" in metrics:
            # a quiet, flat fortnight (both weeks at or below the baseline,
            # two weeks at zero included) is not a failure
            quiet = max(metrics["incoming_weeks"]) <= baseline
            return value, value < self.threshold or quiet
        compare = KIND_OPERATORS[self.kind][0]
        return value, compare(value, self.threshold)

    @api.model
    def _charter_exit_window(self, charter, now, min_weeks=2):
        """The weeks the exit gate measures at ``now``: UTC week starts from
        go-live's week (at least ``min_weeks`` full weeks back) to the current
        one, and the buckets k of the full weeks since go-live (bucket k is
        [bounds[k - 1], bounds[k]))."""
        calendar = charter._get_calendar()
        tz_name = calendar.tz if calendar else "UTC"
        go_live = charter.go_live_date or now.date()
        bounds = week_boundaries(tz_name, now, go_live, min_weeks=min_weeks)
        go_live_week = week_start(tz_name, go_live)
        weeks = [k for k in range(1, len(bounds)) if bounds[k - 1] >= go_live_week]
        return bounds, weeks

    @api.model
    def _charter_metrics(self, charter):
        """Measured values of every metric kind for one charter: one aggregate
        query on the ticket report (never a loop over tickets). Within one
        dashboard request (context ``hypercare_request_memo``) the counts come
        from the dashboard's own scan (``("exit_counts", charter id)``)."""
        memo = self.env.context.get("hypercare_request_memo")
        if memo and ("exit_counts", charter.id) in memo:
            totals, weekly, weeks = memo[("exit_counts", charter.id)]
        else:
            bounds, weeks = self._charter_exit_window(charter, fields.Datetime.now())
            totals, weekly = self.env["hypercare.ticket.report"]._charter_exit_counts(
                charter, fields.Datetime.now(), bounds, weeks
            )
        target = charter.sla_target
        sustained = 0
        for bucket in reversed(weeks):
            within = True
            for clock in ("response", "resolution"):
                due, met = weekly[(clock, bucket)]
                if due and met * 100.0 / due < target:
                    within = False
            if not within:
                break
            sustained += 1
        first_close = (
            self.env["hypercare.first.close"]
            .sudo()
            .search_count(
                [("charter_id", "=", charter.id), ("state", "=", "closed")], limit=1
            )
        )
        return {
            "open_critical": totals["open_critical"],
            "open_high": totals["open_high"],
            "sla_critical_high": (
                totals["sla_met"] * 100.0 / totals["sla_due"]
                if totals["sla_due"]
                else 100.0
            ),
            "incoming_trend": totals["last"] - totals["before"],
            "incoming_weeks": (totals["last"], totals["before"]),
            "volume_baseline": totals["last"],
            "sustained_sla": sustained,
            "first_close": 1 if first_close else 0,
            "bau_contact": 1 if charter.bau_contact_id else 0,
            # a full week since go-live has ended (never before go-live)
            "measurable": charter._hypercare_exit_measurable(weeks),
            # hypercare_exit_criterion_reopen's kind
            "reopen_rate": (
                totals["reopened_last"] * 100.0 / totals["resolved_last"]
                if totals["resolved_last"]
                else 0.0
            ),
        }

    @api.model
    def _default_vals(self):
        """Values of the default criteria of a new charter."""
        vals = [
            {
                "sequence": sequence,
                "kind": kind,
                "name": self.env._(name),
                "threshold": threshold,
                "required": True,
            }
            for sequence, (kind, name, threshold) in enumerate(
                DEFAULT_CRITERIA, start=1
            )
        ]
        vals += [
            {
                "sequence": 100 + sequence,
                "kind": "manual",
                "name": self.env._(name),
                "threshold": 1.0,
                "required": True,
            }
            for sequence, name in enumerate(DEFAULT_MANUAL_CRITERIA, start=1)
        ]
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_signature_write(vals)
        self.browse()._check_gate_open(
            self.env["hypercare.charter"].browse(
                {vals["charter_id"] for vals in vals_list if vals.get("charter_id")}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(FREEZE_ACTION):
            self._check_gate_open()
        self._check_signature_write(vals)
        if SIGNATURE_FIELDS & set(vals):
            self._check_signable()
        if "evidence" in vals:
            signed = self.filtered(
                lambda c: (
                    c.date_signed and (c.evidence or "") != (vals["evidence"] or "")
                )
            )
            if signed:
                raise UserError(
                    self.env._(
                        "%(names)s is signed on this evidence: unsign it before "
                        "changing the evidence.",
                        names=", ".join(signed.mapped("name")),
                    )
                )
        return super().write(vals)

    def unlink(self):
        self._check_gate_open()
        return super().unlink()


def week_start(tz_name, day):
    """UTC start of the week (Monday 00:00 in ``tz_name``) holding ``day``."""
    tz = timezone(tz_name or "UTC")
    monday = day - timedelta(days=day.weekday())
    return (
        tz.localize(datetime.combine(monday, time.min))
        .astimezone(utc)
        .replace(tzinfo=None)
    )


def week_boundaries(tz_name, now, first_day, min_weeks=2):
    """UTC starts of the weeks (Monday 00:00 in ``tz_name``), oldest first,
    from the week of ``first_day`` (a date; at least ``min_weeks`` full weeks
    back) to the current week of ``now`` (naive UTC), both included."""
    tz = timezone(tz_name or "UTC")
    today = utc.localize(now).astimezone(tz).date()
    current = today - timedelta(days=today.weekday())
    first = first_day - timedelta(days=first_day.weekday())
    weeks = min(max((current - first).days // 7, min_weeks), MAX_WEEKS)
    return [
        week_start(tz_name, current - timedelta(weeks=n)) for n in range(weeks, -1, -1)
    ]
