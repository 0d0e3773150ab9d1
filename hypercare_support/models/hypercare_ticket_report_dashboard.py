from odoo import api, models
from odoo.tools import SQL

from .hypercare_severity import LEVELS

# a clock of a row, by week due: 0 not due (yet, or its deadline is not before
# the end), 1 due and missed, 2 met (as ``_charter_week_counts``)
CLOCK_STATE = """CASE WHEN %(deadline)s >= %(end)s THEN 0
     WHEN %(done)s <= %(deadline)s THEN 2
     WHEN %(done)s IS NOT NULL OR %(past)s THEN 1 ELSE 0 END"""


class HypercareTicketReport(models.Model):
    """The dashboard's figures of one charter, from one scan of its rows."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.report"

    @api.model
    def _charter_dashboard_counts(self, charter, now, bounds, since):
        """Open tickets per severity level, breached, at risk and new (reported
        since ``since``: the stand-up's rules and the charter's counters); per
        chart week k of ``bounds`` (the week [bounds[k - 1], bounds[k]), up to
        ``now``) the figures of the stand-up's trend (``_charter_week_counts``:
        incoming and how-to tickets, [met, due] of each clock by week due); and
        the tickets of each level open at the end of each week (``now`` for
        the current one). One scan: the rows are grouped by what tells them
        apart (a thousand groups for 100 000 tickets) and summed up here."""
        weeks = range(1, len(bounds))
        levels = [level for level, _label in LEVELS]
        counts = {
            "open": dict.fromkeys(levels, 0),
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
        clocks = [
            SQL(
                CLOCK_STATE,
                deadline=SQL.identifier("r", deadline),
                done=SQL.identifier("r", done),
                end=now,
                past=self._past_deadline("r", SQL.identifier("r", deadline), now),
            )
            for deadline, done in (
                ("response_deadline", "date_acknowledged"),
                ("resolution_deadline", "date_resolved"),
            )
        ]
        rows = self.env.execute_query(
            SQL(
                """
            SELECT r.severity_level, r.is_open, r.sla_status,
                   r.state IS DISTINCT FROM 'cancelled',
                   r.issue_type = 'how_to',
                   r.date_reported >= %(since)s,
                   CASE WHEN r.date_reported < %(now)s
                        THEN width_bucket(r.date_reported, %(bounds)s::timestamp[])
                   END,
                   width_bucket(r.date_resolved, %(bounds)s::timestamp[]),
                   width_bucket(r.response_deadline, %(bounds)s::timestamp[]),
                   %(response)s,
                   width_bucket(r.resolution_deadline, %(bounds)s::timestamp[]),
                   %(resolution)s,
                   count(*)
              FROM %(report)s AS r
             WHERE r.charter_id = %(charter)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
                """,
                since=since,
                now=now,
                bounds=bounds,
                response=clocks[0],
                resolution=clocks[1],
                report=self._table_sql,
                charter=charter.id,
            )
        )
        for row in rows:
            level, is_open, status, kept, how_to, new, reported, resolved = row[:8]
            response_week, response, resolution_week, resolution, count = row[8:]
            if is_open:
                if level in counts["open"]:
                    counts["open"][level] += count
                if status == "failed":
                    counts["breached"] += count
                elif status == "at_risk":
                    counts["at_risk"] += count
            if new:
                counts["new"] += count
            if kept:
                week = counts["weeks"].get(reported)
                if week:
                    week["incoming"] += count
                    week["how_to"] += count if how_to else 0
                for clock, k, state in (
                    ("response", response_week, response),
                    ("resolution", resolution_week, resolution),
                ):
                    if state and k in counts["weeks"]:
                        counts["weeks"][k][clock][0] += count if state == 2 else 0
                        counts["weeks"][k][clock][1] += count
            # open at the end of week k: reported before it (bucket <= k),
            # still open or resolved after it
            if level in counts["burn"] and reported is not None:
                for k in weeks[:-1]:
                    if reported <= k and (is_open or (resolved or 0) > k):
                        counts["burn"][level][k - 1] += count
        for level in levels:
            counts["burn"][level][-1] = counts["open"][level]
        return counts
