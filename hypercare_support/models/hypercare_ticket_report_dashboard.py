from collections import Counter
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from .hypercare_champion import SUPPORT_LAYERS
from .hypercare_severity import LEVELS
from .hypercare_ticket_report import CLOCK_COLUMNS

# a ticket without a support layer is at the first one (its default), on the
# dashboard, the stand-up and the adoption figures alike
NO_LAYER = "l1"


class HypercareTicketReport(models.Model):
    """The dashboard's figures of one charter, from one scan of its rows."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.report"

    @api.model
    def _dashboard_count_keys(self, now, bounds, since):
        """The grouping keys and the aggregates ``_charter_dashboard_counts``
        sums up: ``(keys, aggregates)``."""
        keys = {
            "severity_level": SQL("r.severity_level"),
            "is_open": SQL("r.is_open"),
            # the open ones only: the closed ones' layer tells nothing here
            "open_layer": SQL(
                "CASE WHEN r.is_open THEN COALESCE(r.support_layer, %s) END", NO_LAYER
            ),
            "kept": SQL("r.state IS DISTINCT FROM 'cancelled'"),
            "burn_open": SQL("r.is_open"),
            "reported": SQL(
                "CASE WHEN r.date_reported < %(now)s THEN "
                "width_bucket(r.date_reported, %(bounds)s::timestamp[]) END",
                now=now,
                bounds=bounds,
            ),
            "resolved": SQL("width_bucket(r.date_resolved, %s::timestamp[])", bounds),
        }
        keys |= self._clock_week_keys(now, bounds, CLOCK_COLUMNS)
        # the stay in progress at its layer of each open ticket (since it
        # reached it, or was reported), up to now
        stay_start = SQL("COALESCE(r.layer_since, r.date_reported)")
        aggregates = {
            "breached": SQL("count(*) FILTER (WHERE r.sla_status = 'failed')"),
            "at_risk": SQL("count(*) FILTER (WHERE r.sla_status = 'at_risk')"),
            "how_to": SQL("count(*) FILTER (WHERE r.issue_type = 'how_to')"),
            "new": SQL("count(*) FILTER (WHERE r.date_reported >= %s)", since),
            # resolved tickets, and those resolved at L1 (no layer: L1)
            "done": SQL("count(*) FILTER (WHERE r.state = 'done')"),
            "done_l1": SQL(
                "count(*) FILTER (WHERE r.state = 'done' "
                "AND COALESCE(r.support_layer, %s) = %s)",
                NO_LAYER,
                NO_LAYER,
            ),
            "layer_stay": SQL(
                "sum(GREATEST(%(now)s - %(start)s, interval '0')) "
                "FILTER (WHERE r.is_open)",
                now=now,
                start=stay_start,
            ),
        }
        return keys, aggregates

    @api.model
    def _charter_scan_groups(self, charter, now, exit_bounds, bounds=None, since=None):
        """The groups of ``_charter_cube_groups`` read from every ticket of the
        charter (one scan of its rows): the reference the cube is checked
        against."""
        keys, aggregates = self._exit_count_keys(now, exit_bounds)
        if bounds is not None:
            dash_keys, dash_aggregates = self._dashboard_count_keys(now, bounds, since)
            keys |= dash_keys
            aggregates |= dash_aggregates
        return self._charter_groups(charter, keys, aggregates)

    @api.model
    def _charter_dashboard_counts(
        self, charter, now, bounds, since, exit_window=None, groups=None
    ):
        """Open tickets per severity level, breached, at risk and new (reported
        since ``since``: the stand-up's rules and the charter's counters); per
        chart week k of ``bounds`` (the week [bounds[k - 1], bounds[k]), up to
        ``now``) the figures of the stand-up's trend: incoming and how-to
        tickets, resolved ones and those at L1 (no layer counts at L1), [met,
        due] of each clock by week due; open tickets per layer (no layer = L1)
        and level; and the tickets of each level open at the end of each week
        (``now`` for the current one); the time the open tickets have spent
        at their layer so far (``layer_stays``: {layer: timedelta}).

        The same groups give the exit gate's counts, under ``exit``
        (``_charter_exit_counts``), in the gate's window ``exit_window`` (its
        ``bounds`` and ``weeks`` at ``now``, as ``_charter_exit_window`` with
        ``min_weeks`` reaching the first week of ``bounds``), and per chart
        week the [met, due] of each clock against the BAU deadlines
        (``bau_response``, ``bau_resolution``: the gate's sustained SLA
        figures, read from the same groups). ``groups``: those of
        ``_charter_scan_groups`` (the reference), else the cube's
        (``_charter_cube_groups``)."""
        if exit_window is None:
            exit_window = self.env["hypercare.exit.criterion"]._charter_exit_window(
                charter, now, min_weeks=max(len(bounds) - 2, 2)
            )
        if groups is None:
            groups = self._charter_cube_groups(
                charter, now, exit_window[0], bounds=bounds, since=since
            )
        # chart week k is the gate's bucket of the same Monday (the current
        # week is the gate's last bucket: values past its last bound)
        exit_bucket = {start: b for b, start in enumerate(exit_window[0], start=1)}
        bau_weeks = {
            exit_bucket[bounds[k - 1]]: k
            for k in range(1, len(bounds))
            if bounds[k - 1] in exit_bucket
        }
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
            # {layer: stays in progress there} of the open tickets
            "layer_stays": {},
            "weeks": {
                k: {
                    "incoming": 0,
                    "how_to": 0,
                    "response": [0, 0],
                    "resolution": [0, 0],
                    "bau_response": [0, 0],
                    "bau_resolution": [0, 0],
                    "resolved": 0,
                    "resolved_l1": 0,
                }
                for k in weeks
            },
            "ends": [*bounds[1:-1], now],
            # open at the end of week k (index k - 1); the last is now's
            "burn": {level: [0] * len(weeks) for level in levels},
        }
        # the groups summed by what each figure tells apart: a few hundred
        # entries for thousands of groups
        trend = Counter()  # (figure, bucket) of the kept tickets
        burn = Counter()  # (level, reported, open, resolved)
        clocks = [*CLOCK_COLUMNS, *(f"bau_{clock}" for clock in CLOCK_COLUMNS)]
        for group in groups:
            count = group["count"]
            level, is_open = group.get("severity_level"), group.get("is_open")
            reported, resolved = group.get("reported"), group.get("resolved")
            if is_open:
                if level in counts["open"]:
                    counts["open"][level] += count
                    layer = counts["open_layers"].get(group["open_layer"] or "l1")
                    layer[level] += count
                counts["breached"] += group["breached"]
                counts["at_risk"] += group["at_risk"]
                stay = group.get("layer_stay")
                if stay:
                    stays = counts["layer_stays"]
                    at = group["open_layer"]
                    stays[at] = stays.get(at, timedelta()) + stay
            counts["new"] += group.get("new", 0)
            if group.get("kept"):
                trend["incoming", reported] += count
                trend["how_to", reported] += group.get("how_to", 0)
                if group.get("done"):
                    trend["resolved", resolved] += group["done"]
                    trend["resolved_l1", resolved] += group["done_l1"]
                for clock in clocks:
                    if group.get(clock):
                        trend[clock, group[clock]] += count
            burn_open = group.get("burn_open")
            if (
                level in counts["burn"]
                and reported is not None
                and burn_open is not None
            ):
                burn[level, reported, burn_open, resolved or 0] += count
        self._dashboard_count_weeks(counts["weeks"], trend, bau_weeks)
        # open at the end of week k: reported before it (bucket <= k),
        # still open or resolved after it
        for (level, reported, is_open, resolved), count in burn.items():
            for k in weeks[:-1]:
                if reported <= k and (is_open or resolved > k):
                    counts["burn"][level][k - 1] += count
        for level in levels:
            counts["burn"][level][-1] = counts["open"][level]
        counts["exit"] = self._charter_exit_counts(
            charter, now, *exit_window, groups=groups
        )
        return counts

    @api.model
    def _dashboard_count_weeks(self, weeks, trend, bau_weeks):
        """Adds the kept tickets' ``trend`` ({(figure, bucket): count}) to the
        trend of ``weeks`` (by bucket): incoming and how-to tickets by week
        reported, resolved ones (and at L1) by week resolved, [met, due] of
        each clock by week due (a bucket k when met, -k when not), against
        the hypercare deadlines and (``bau_``) the BAU ones, whose buckets
        are the exit gate's (``bau_weeks``: gate bucket -> chart bucket)."""
        for (figure, bucket), count in trend.items():
            if figure.startswith("bau_"):
                chart = bau_weeks.get(abs(bucket))
                week = chart and weeks.get(chart)
            else:
                week = weeks.get(abs(bucket) if bucket else bucket)
            if not week:
                continue
            if isinstance(week[figure], list):
                week[figure][0] += count if bucket > 0 else 0
                week[figure][1] += count
            else:
                week[figure] += count
