from bisect import bisect_right
from datetime import timedelta

from pytz import timezone, utc

from odoo import api, models
from odoo.tools import SQL

from .hypercare_exit_criterion import week_start
from .hypercare_ticket_cube import (
    CUBE_CLOCKS,
    CUBE_COLUMNS,
    CUBE_SOURCE_COLUMNS,
    CUBE_TABLE,
)
from .hypercare_ticket_report import CLOCK_WEEK


class HypercareTicketReport(models.Model):
    """The dashboard's and the exit gate's figures from the cube
    (``hypercare_ticket_cube``) and the current week's tickets."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.report"

    @api.model
    def _cube_create_table(self):
        self.env.cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %(table)s (
                       id bigserial PRIMARY KEY,
                       carrier varchar NOT NULL,
                       charter_id int4 NOT NULL,
                       fact varchar NOT NULL,
                       lvl varchar NOT NULL,
                       k1 varchar NOT NULL,
                       k2 varchar NOT NULL,
                       k3 int4 NOT NULL,
                       d1 date,
                       d2 date,
                       n int8 NOT NULL,
                       s numeric NOT NULL DEFAULT 0
                   );
                   CREATE INDEX IF NOT EXISTS %(index)s ON %(table)s (charter_id)""",
                table=SQL.identifier(CUBE_TABLE),
                index=SQL.identifier(f"{CUBE_TABLE}_charter_idx"),
            )
        )

    @api.model
    def _cube_compact(self):
        """Add up the cube's rows (each statement that changed tickets appended
        its difference): one row per figure, none for a figure back to 0."""
        columns = SQL(CUBE_COLUMNS)
        self.env.cr.execute(
            SQL(
                """WITH gone AS (DELETE FROM %(table)s RETURNING *)
                   INSERT INTO %(table)s (%(columns)s, n, s)
                   SELECT %(columns)s, sum(n), sum(s) FROM gone
                    GROUP BY %(columns)s HAVING sum(n) <> 0 OR sum(s) <> 0""",
                table=SQL.identifier(CUBE_TABLE),
                columns=columns,
            )
        )

    @api.model
    def _cube_rows(self, charter, now):
        """The charter's figures: ``(fact, lvl, k1, k2, k3, d1, d2, count,
        stay)``, ``stay`` the time the open tickets of an ``open`` fact have
        spent at their layer up to ``now`` (exact: numeric epochs). The
        tickets' pending changes are written first: their triggers count
        them."""
        for model in self.env["hypercare.charter"]._hypercare_ticket_models():
            self.env[model].flush_model(CUBE_SOURCE_COLUMNS)
        return self.env.execute_query(
            SQL(
                """SELECT fact, lvl, k1, k2, k3, d1, d2, sum(n)::int8,
                          CASE WHEN fact = 'open' THEN
                               (sum(n) * extract(epoch FROM %s::timestamp)
                                - sum(s))::float8 * interval '1 second' END
                     FROM %s WHERE charter_id = %s
                    GROUP BY fact, lvl, k1, k2, k3, d1, d2
                   HAVING sum(n) <> 0 OR sum(s) <> 0""",
                now,
                SQL.identifier(CUBE_TABLE),
                charter.id,
            )
        )

    @api.model
    def _charter_cube_groups(self, charter, now, exit_bounds, bounds=None, since=None):
        """The charter's figures as rows of ``_charter_groups`` with the keys
        and aggregates of ``_exit_count_keys(now, exit_bounds)`` and, with
        ``bounds`` and ``since``, of ``_dashboard_count_keys(now, bounds,
        since)``, read from the cube and the current week's tickets. A row
        holds one figure: the keys the others would need are left out (a
        reader takes a missing key for "none")."""
        calendar = charter._get_calendar()
        tz_name = (calendar.tz if calendar else "UTC") or "UTC"
        today = utc.localize(now).astimezone(timezone(tz_name)).date()
        monday = today - timedelta(days=today.weekday())
        since_next = None
        if since is not None:
            local = utc.localize(since).astimezone(timezone(tz_name)).date()
            since_next = week_start(
                tz_name, local - timedelta(days=local.weekday()) + timedelta(days=7)
            )
        weeks = _CubeWeeks(tz_name, exit_bounds, bounds, monday, since_next)
        groups = []
        new = 0
        for fact, lvl, k1, k2, k3, d1, d2, n, stay in self._cube_rows(charter, now):
            if (
                fact == "rep"
                and since_next is not None
                and weeks.start(d1) >= since_next
            ):
                new += n
            group = weeks.group(fact, lvl or None, k1, k2, k3, d1, d2, n, stay)
            if group:
                groups.append(group)
        live = self._cube_live_groups(
            charter, now, weeks.start(monday), weeks.clocks, since, since_next
        )
        for group in live:
            new += group.pop("new", 0)
        groups += live
        if since is not None:
            groups.append({"new": new, "count": 0})
        return groups

    @api.model
    def _cube_live_groups(self, charter, now, current, clock_bounds, since, since_next):
        """What the cube leaves to the time, read from the tickets: the clocks
        of ``clock_bounds`` ({clock: bounds}) due this week (from ``current``,
        its start, up to ``now``), the critical and high tickets running past
        their resolution deadline this week (``sla_due``), and with ``since``
        the tickets reported from then to the end of its week (``new``)."""
        keys = {"kept": SQL("r.state IS DISTINCT FROM 'cancelled'")}
        ranges = []
        for name, edges in clock_bounds.items():
            deadline_name, done = CUBE_CLOCKS[name]
            deadline = SQL.identifier("r", deadline_name)
            keys[name] = SQL(
                "CASE WHEN %s >= %s THEN (%s) END",
                deadline,
                current,
                SQL(
                    CLOCK_WEEK,
                    deadline=deadline,
                    done=SQL.identifier("r", done),
                    now=now,
                    past=self._past_deadline("r", deadline, now),
                    week=SQL("width_bucket(%s, %s::timestamp[])", deadline, edges),
                ),
            )
            ranges.append(SQL("%s >= %s AND %s < %s", deadline, current, deadline, now))
        resolution = SQL("r.resolution_deadline")
        if "resolution" not in clock_bounds:
            ranges.append(
                SQL("%s >= %s AND %s < %s", resolution, current, resolution, now)
            )
        aggregates = {
            "sla_due": SQL(
                """count(*) FILTER (WHERE r.severity_level IN ('critical', 'high')
                     AND r.is_open AND r.resolution_deadline >= %s
                     AND r.resolution_deadline < %s
                     AND NOT (r.state = 'paused' AND r.sla_pause_start IS NOT NULL))""",
                current,
                now,
            ),
        }
        if since is not None:
            window = SQL(
                "r.date_reported >= %s AND r.date_reported < %s", since, since_next
            )
            ranges.append(window)
            aggregates["new"] = SQL("count(*) FILTER (WHERE %s)", window)
        where = SQL(" OR ").join(SQL("(%s)", r) for r in ranges)
        return self._charter_groups(charter, keys, aggregates, where=where)


class _CubeWeeks:
    """A cube row as a row of ``_charter_groups``: its weeks (local Mondays)
    as the buckets of the gate's ``exit_bounds`` and the charts' ``bounds``
    (None: the gate alone); the clocks of the current week (from ``monday``)
    are left to the tickets."""

    def __init__(self, tz_name, exit_bounds, bounds, monday, since_next):
        self.tz_name = tz_name
        self.exit_bounds = exit_bounds
        self.bounds = bounds
        self.monday = monday
        self.last, self.before = exit_bounds[-2], exit_bounds[-3]
        self.starts = {}
        # clock -> the bounds of its weeks
        self.clocks = {
            name: exit_bounds if name.startswith("bau_") else bounds
            for name in CUBE_CLOCKS
            if bounds is not None or name.startswith("bau_")
        }

    def start(self, day):
        if day not in self.starts:
            self.starts[day] = week_start(self.tz_name, day)
        return self.starts[day]

    def bucket(self, day, edges):
        if day is None or edges is None:
            return None
        return bisect_right(edges, self.start(day))

    def group(self, fact, level, k1, k2, k3, d1, d2, n, stay):
        handler = getattr(self, f"_{fact}", None)
        if fact in self.clocks:
            return self._clock(fact, k1, d1, n)
        return handler and handler(level, k1, k2, k3, d1, d2, n, stay)

    def _open(self, level, k1, k2, k3, d1, d2, n, stay):
        return {
            "kept": True,
            "is_open": True,
            "severity_level": level,
            "open_layer": k1,
            "exit_known_issue": k3 or None,
            "count": n,
            "breached": n if k2 == "failed" else 0,
            "at_risk": n if k2 == "at_risk" else 0,
            "layer_stay": stay,
        }

    def _rep(self, level, k1, k2, k3, d1, d2, n, stay):
        if k1 != "k":
            return None
        week = self.start(d1)
        return {
            "kept": True,
            "count": n,
            "how_to": n if k2 == "h" else 0,
            "reported": self.bucket(d1, self.bounds),
            "last": n if week == self.last else 0,
            "before": n if week == self.before else 0,
        }

    def _res(self, level, k1, k2, k3, d1, d2, n, stay):
        if self.bounds is None:
            return None
        return {
            "kept": True,
            "count": 0,
            "done": n,
            "done_l1": n if k1 == "l1" else 0,
            "resolved": self.bucket(d1, self.bounds),
        }

    def _burn(self, level, k1, k2, k3, d1, d2, n, stay):
        if self.bounds is None:
            return None
        return {
            "severity_level": level,
            "burn_open": k1 == "o",
            "reported": self.bucket(d1, self.bounds),
            "resolved": self.bucket(d2, self.bounds),
            "count": n,
        }

    def _clock(self, fact, k1, d1, n):
        if d1 >= self.monday:
            return None
        week = self.bucket(d1, self.clocks[fact])
        if not week:
            return None
        return {"kept": True, "count": n, fact: week if k1 == "met" else -week}

    def _sla(self, level, k1, k2, k3, d1, d2, n, stay):
        if k1 == "or" and d1 >= self.monday:
            return None
        return {
            "kept": True,
            "count": 0,
            "sla_due": n,
            "sla_met": n if k1 == "dm" else 0,
        }

    def _fres(self, level, k1, k2, k3, d1, d2, n, stay):
        if self.start(d1) != self.last:
            return None
        return {
            "kept": True,
            "count": 0,
            "resolved_last": n,
            "reopened_last": n if k1 == "r" else 0,
        }
