from pytz import utc

from odoo import models
from odoo.tools import format_date

from .hypercare_charter_dashboard import SEVERITY_COLORS, _dt
from .hypercare_exit_criterion import week_start
from .hypercare_severity import LEVELS


class HypercareCharter(models.Model):
    """The dashboard's charts (``_hypercare_dashboard_data``): incoming
    tickets, weekly SLA compliance, open tickets by severity, how-to share."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_dashboard_charts(self, counts, bounds, tz, now):
        weeks = self._hypercare_dashboard_trend(counts, bounds, tz)
        if not weeks:
            # not live yet: no week to chart (the dashboard says so)
            return []
        labels = [
            format_date(self.env, week["week"], date_format="MMM d")
            + (self.env._(" (so far)") if week["current"] else "")
            for week in weeks
        ]
        spans = list(zip(bounds[:-1], bounds[1:], strict=True))
        not_cancelled = [("state", "!=", "cancelled")]

        week_labels = [
            self.env._(
                "week of %(date)s",
                date=format_date(self.env, week["week"], date_format="MMM d"),
            )
            for week in weeks
        ]

        def week_actions(name, column, extra=()):
            return [
                self._hypercare_dashboard_action(
                    f"{week_label} · {name}",
                    [*self._hypercare_week_domain(column, *span), *extra],
                )
                for week_label, span in zip(week_labels, spans, strict=True)
            ]

        target = self.sla_target
        due = {
            (basis, clock): week_actions(
                name,
                f"{prefix}{clock}_deadline",
                not_cancelled,
            )
            for basis, prefix, basis_name in (
                ("bau", "bau_", self.env._("BAU SLA")),
                ("hypercare", "", self.env._("hypercare SLA")),
            )
            for clock, name in (
                (
                    "response",
                    self.env._("first response due (%(basis)s)", basis=basis_name),
                ),
                (
                    "resolution",
                    self.env._("resolution due (%(basis)s)", basis=basis_name),
                ),
            )
        }
        severities = {s.level: s.name for s in self._hypercare_matrix()}
        end_labels = [
            format_date(
                self.env, utc.localize(end).astimezone(tz).date(), date_format="MMM d"
            )
            for end in counts["ends"]
        ]
        burn_actions = {
            level: [
                self._hypercare_dashboard_action(
                    self.env._(
                        "%(severity)s open on %(date)s",
                        severity=severities.get(level, label),
                        date=end_label,
                    ),
                    [("is_open", "=", True), ("severity_level", "=", level)]
                    if end == now
                    else [
                        ("severity_level", "=", level),
                        ("date_reported", "<", _dt(end)),
                        "|",
                        ("is_open", "=", True),
                        ("date_resolved", ">=", _dt(end)),
                    ],
                )
                for end, end_label in zip(counts["ends"], end_labels, strict=True)
            ]
            for level, label in LEVELS
        }
        return [
            {
                "key": "incoming",
                "title": self.env._("Incoming tickets per week"),
                "sequence": 10,
                "type": "bar",
                "labels": labels,
                "datasets": [
                    {
                        "label": self.env._("Incoming"),
                        "data": [w["incoming"] for w in weeks],
                    },
                    {
                        "label": self.env._("Baseline"),
                        "type": "line",
                        "data": [self.baseline_weekly_volume for _w in weeks],
                    },
                ],
                "actions": week_actions(
                    self.env._("Reported"), "date_reported", not_cancelled
                ),
            },
            {
                "key": "sla",
                "title": self.env._("Weekly SLA compliance (%), BAU basis"),
                "sequence": 20,
                "type": "line",
                "labels": labels,
                "max": 100,
                "datasets": [
                    # the exit gate's basis first: its sustained SLA weeks
                    {
                        "label": self.env._("First response (BAU SLA)"),
                        "data": [w["bau_response_pct"] for w in weeks],
                        "actions": due[("bau", "response")],
                    },
                    {
                        "label": self.env._("Resolution (BAU SLA)"),
                        "data": [w["bau_resolution_pct"] for w in weeks],
                        "actions": due[("bau", "resolution")],
                    },
                    {
                        "label": self.env._("First response (hypercare SLA)"),
                        "data": [w["response_pct"] for w in weeks],
                        "actions": due[("hypercare", "response")],
                        "dashed": True,
                    },
                    {
                        "label": self.env._("Resolution (hypercare SLA)"),
                        "data": [w["resolution_pct"] for w in weeks],
                        "actions": due[("hypercare", "resolution")],
                        "dashed": True,
                    },
                    {
                        "label": self.env._("Target"),
                        "data": [target for _w in weeks],
                        "dashed": True,
                    },
                ],
                "actions": due[("bau", "resolution")],
                "help": self.env._(
                    "Share of the first responses and resolutions due each week "
                    "that came in time. The exit gate's sustained SLA counts the "
                    "weeks in which both reach the target against the BAU SLAs."
                ),
            },
            {
                "key": "burn_down",
                "title": self.env._("Open tickets by severity"),
                "sequence": 30,
                "type": "bar",
                "stacked": True,
                "labels": labels,
                "datasets": [
                    {
                        "label": severities.get(level, label),
                        "data": counts["burn"][level],
                        "color": SEVERITY_COLORS[level],
                        "actions": burn_actions[level],
                    }
                    for level, label in LEVELS
                ],
                "actions": [False] * len(labels),
            },
            {
                "key": "how_to",
                "title": self.env._("How-to share of incoming (%)"),
                "sequence": 40,
                "type": "line",
                "labels": labels,
                "max": 100,
                "datasets": [
                    {
                        "label": self.env._("How-to"),
                        "data": [w["how_to_pct"] for w in weeks],
                    }
                ],
                "actions": week_actions(
                    self.env._("How-to questions"),
                    "date_reported",
                    [*not_cancelled, ("issue_type", "=", "how_to")],
                ),
            },
        ]

    def _hypercare_dashboard_trend(self, counts, bounds, tz):
        """The stand-up's weekly trend from the dashboard's counts: incoming,
        how-to share, share resolved at L1, SLA compliance (hypercare and
        BAU deadlines)."""

        def share(part, whole):
            return round(part * 100.0 / whole, 1) if whole else None

        go_live_week = (
            week_start(tz.zone, self.go_live_date) if self.go_live_date else None
        )
        return [
            {
                "week": utc.localize(bounds[k - 1]).astimezone(tz).date(),
                "current": k == len(bounds) - 1,
                "incoming": row["incoming"],
                "how_to_pct": share(row["how_to"], row["incoming"]),
                "l1_pct": share(row["resolved_l1"], row["resolved"]),
                # against the hypercare deadlines
                "response_pct": share(*row["response"]),
                "resolution_pct": share(*row["resolution"]),
                # against the BAU ones: the sustained SLA gate's figures
                "bau_response_pct": share(*row["bau_response"]),
                "bau_resolution_pct": share(*row["bau_resolution"]),
            }
            for k, row in sorted(counts["weeks"].items())
            if not go_live_week or bounds[k - 1] >= go_live_week
        ]
