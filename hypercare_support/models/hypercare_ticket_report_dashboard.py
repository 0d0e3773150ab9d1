from odoo import api, models
from odoo.tools import SQL

from .hypercare_champion import SUPPORT_LAYERS
from .hypercare_severity import LEVELS
from .hypercare_ticket_report import CLOCK_COLUMNS


class HypercareTicketReport(models.Model):
    """The dashboard's figures of one charter, from one scan of its rows."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.report"

    @api.model
    def _dashboard_count_keys(self, now, bounds, since):
        """The grouping keys ``_charter_dashboard_counts`` sums up."""
        keys = {
            "severity_level": SQL("r.severity_level"),
            "is_open": SQL("r.is_open"),
            # the open ones only: the closed ones' layer tells nothing here
            "open_layer": SQL("CASE WHEN r.is_open THEN r.support_layer END"),
            "sla_status": SQL("r.sla_status"),
            "kept": SQL("r.state IS DISTINCT FROM 'cancelled'"),
            "how_to": SQL("r.issue_type = 'how_to'"),
            "new": SQL("r.date_reported >= %s", since),
            "reported": SQL(
                "CASE WHEN r.date_reported < %(now)s THEN "
                "width_bucket(r.date_reported, %(bounds)s::timestamp[]) END",
                now=now,
                bounds=bounds,
            ),
            "resolved": SQL("width_bucket(r.date_resolved, %s::timestamp[])", bounds),
        }
        keys |= self._clock_week_keys(now, bounds, CLOCK_COLUMNS)
        return keys

    @api.model
    def _charter_dashboard_counts(self, charter, now, bounds, since, exit_window=None):
        """Open tickets per severity level, breached, at risk and new (reported
        since ``since``: the stand-up's rules and the charter's counters); per
        chart week k of ``bounds`` (the week [bounds[k - 1], bounds[k]), up to
        ``now``) the figures of the stand-up's trend (``_charter_week_counts``:
        incoming and how-to tickets, [met, due] of each clock by week due); and
        the tickets of each level open at the end of each week (``now`` for
        the current one).

        With ``exit_window`` (the ``bounds`` and ``weeks`` of the exit gate at
        ``now``) the same scan gives the exit gate's counts, under ``exit``
        (``_charter_exit_counts``)."""
        keys = self._dashboard_count_keys(now, bounds, since)
        if exit_window:
            keys |= self._exit_count_keys(now, exit_window[0])
        groups = self._charter_groups(charter, keys)
        weeks = range(1, len(bounds))
        levels = [level for level, _label in LEVELS]
        counts = {
            "open": dict.fromkeys(levels, 0),
            # open tickets per support layer, then severity level
            "open_layers": {
                layer: dict.fromkeys(levels, 0) for layer, _label in SUPPORT_LAYERS
            },
            "breached": 0,
            "at_risk": 0,
            "new": 0,
            "weeks": {
                k: {
                    "incoming": 0,
                    "how_to": 0,
                    "response": [0, 0],
                    "resolution": [0, 0],
                }
                for k in weeks
            },
            "ends": [*bounds[1:-1], now],
            # open at the end of week k (index k - 1); the last is now's
            "burn": {level: [0] * len(weeks) for level in levels},
        }
        for group in groups:
            count = group["count"]
            level, is_open = group["severity_level"], group["is_open"]
            reported, resolved = group["reported"], group["resolved"]
            if is_open:
                if level in counts["open"]:
                    counts["open"][level] += count
                    layer = counts["open_layers"].get(group["open_layer"] or "l1")
                    layer[level] += count
                if group["sla_status"] == "failed":
                    counts["breached"] += count
                elif group["sla_status"] == "at_risk":
                    counts["at_risk"] += count
            if group["new"]:
                counts["new"] += count
            if group["kept"]:
                self._dashboard_count_weeks(counts["weeks"], group)
            # open at the end of week k: reported before it (bucket <= k),
            # still open or resolved after it
            if level in counts["burn"] and reported is not None:
                for k in weeks[:-1]:
                    if reported <= k and (is_open or (resolved or 0) > k):
                        counts["burn"][level][k - 1] += count
        for level in levels:
            counts["burn"][level][-1] = counts["open"][level]
        if exit_window:
            counts["exit"] = self._charter_exit_counts(
                charter, now, *exit_window, groups=groups
            )
        return counts

    @api.model
    def _dashboard_count_weeks(self, weeks, group):
        """Adds a group of kept tickets to the trend of ``weeks`` (by bucket):
        incoming and how-to tickets by week reported, [met, due] of each clock
        by week due."""
        count = group["count"]
        week = weeks.get(group["reported"])
        if week:
            week["incoming"] += count
            week["how_to"] += count if group["how_to"] else 0
        for clock in CLOCK_COLUMNS:
            due = group[clock]
            week = due and weeks.get(abs(due))
            if week:
                week[clock][0] += count if due > 0 else 0
                week[clock][1] += count
