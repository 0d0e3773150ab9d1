from odoo import api, fields, models, tools
from odoo.tools import SQL

from .hypercare_champion import SUPPORT_LAYERS
from .hypercare_severity import LEVELS
from .hypercare_ticket_mixin import (
    HYPERCARE_STATES,
    ISSUE_TYPES,
    SLA_STATUSES,
    TRIAGE_DECISIONS,
)

# the exit gate's scalar counts
TOTALS = (
    "open_critical",
    "open_high",
    "sla_met",
    "sla_due",
    "last",
    "before",
    "resolved_last",
    "reopened_last",
)
# rank of the levels a known issue counts at in the exit gate: the highest
EXIT_LEVEL_RANK = {"critical": 0, "high": 1}
# clock -> (deadline, event that stops it)
CLOCK_COLUMNS = {
    "response": ("response_deadline", "date_acknowledged"),
    "resolution": ("resolution_deadline", "date_resolved"),
}
# the same clocks against the BAU matrix: what the sustained SLA gate measures
BAU_CLOCK_COLUMNS = {
    "response": ("bau_response_deadline", "date_acknowledged"),
    "resolution": ("bau_resolution_deadline", "date_resolved"),
}


# a clock of a row by the week it fell due: the bucket k of the deadline in
# ``bounds`` when met, -k when missed (its event came late, or it is running
# past its deadline), NULL when not due (yet, or its deadline is not before
# ``now``)
CLOCK_WEEK = """CASE WHEN %(deadline)s >= %(now)s THEN NULL
     WHEN %(done)s <= %(deadline)s THEN %(week)s
     WHEN %(done)s IS NOT NULL OR %(past)s THEN -%(week)s END"""


class HypercareTicketReport(models.Model):
    """Hypercare tickets of every carrier, one read-only row each: a UNION ALL
    of the branches the carriers give (``_hypercare_report_select`` of the
    ticket mixin). The exit gate, the stand-up and the Analysis read it. No
    ticket name: it is for figures, the tickets stay behind their own rules."""

    _name = "hypercare.ticket.report"
    _description = "Hypercare Ticket Analysis"
    _auto = False
    _order = "date_reported desc, id desc"

    res_model = fields.Char(string="Ticket Model", readonly=True)
    res_model_id = fields.Many2one("ir.model", string="Carrier", readonly=True)
    res_id = fields.Many2oneReference(
        string="Ticket ID", model_field="res_model", readonly=True
    )
    charter_id = fields.Many2one("hypercare.charter", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    severity_id = fields.Many2one("hypercare.severity", readonly=True)
    severity_level = fields.Selection(LEVELS, readonly=True)
    issue_type = fields.Selection(ISSUE_TYPES, readonly=True)
    business_function = fields.Char(readonly=True)
    support_layer = fields.Selection(SUPPORT_LAYERS, readonly=True)
    triage_decision = fields.Selection(TRIAGE_DECISIONS, readonly=True)
    state = fields.Selection(HYPERCARE_STATES, readonly=True)
    is_open = fields.Boolean(string="Open", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    date_reported = fields.Datetime(string="Reported On", readonly=True)
    date_acknowledged = fields.Datetime(string="First Response", readonly=True)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True)
    response_deadline = fields.Datetime(readonly=True)
    resolution_deadline = fields.Datetime(readonly=True)
    bau_response_deadline = fields.Datetime(
        string="BAU Response Deadline", readonly=True
    )
    bau_resolution_deadline = fields.Datetime(
        string="BAU Resolution Deadline", readonly=True
    )
    sla_pause_start = fields.Datetime(string="SLA Paused Since", readonly=True)
    sla_response_status = fields.Selection(SLA_STATUSES, readonly=True)
    sla_resolution_status = fields.Selection(SLA_STATUSES, readonly=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", readonly=True)
    sla_breached = fields.Boolean(string="SLA Breached", readonly=True)
    known_issue_id = fields.Many2one("hypercare.known.issue", readonly=True)
    date_first_resolved = fields.Datetime(string="First Resolved On", readonly=True)
    reopen_count = fields.Integer(string="Reopened", readonly=True, aggregator="sum")
    layer_since = fields.Datetime(string="At Its Layer Since", readonly=True)

    @property
    def _table_query(self):
        return self._report_query()

    @tools.ormcache()
    def _report_query(self):
        """One branch per carrier; ``id`` numbers the rows of every carrier
        apart (ticket id × carriers + carrier's rank). Built once per
        registry: the exit gate reads it on every evaluation."""
        carriers = sorted(self.env["hypercare.charter"]._hypercare_ticket_models())
        columns = SQL(", ").join(
            SQL.identifier("branch", fname)
            for fname, field in self._fields.items()
            if field.store and field.column_type and fname != "id"
        )
        branches = SQL(" UNION ALL ").join(
            SQL(
                "SELECT branch.res_id * %s + %s AS id, %s FROM (%s) AS branch",
                len(carriers),
                rank,
                columns,
                self.env[model_name].sudo()._hypercare_report_select(),
            )
            for rank, model_name in enumerate(carriers)
        )
        # the filter stays out of the branches: PostgreSQL only flattens a
        # UNION ALL whose branches have no WHERE clause
        return SQL(
            "SELECT * FROM (%s) AS ticket WHERE ticket.charter_id IS NOT NULL",
            branches,
        )

    @api.model
    def _past_deadline(self, alias, deadline, now):
        """SQL: the running clock whose deadline is ``deadline`` (SQL) of the
        row ``alias`` is past it. The ticket's own rule (a paused ticket is
        judged at its pause start), so the figures agree with its status."""
        return self.env["hypercare.ticket.mixin"]._sla_past_deadline_sql(
            deadline,
            SQL.identifier(alias, "state"),
            SQL.identifier(alias, "sla_pause_start"),
            now,
        )

    @api.model
    def _charter_groups(self, charter, keys, aggregates=None, where=None):
        """The charter's rows counted by ``keys`` ({name: SQL on the row
        ``r``}): a list of dicts of the keys' values, ``count`` and the
        ``aggregates`` ({name: SQL aggregate on ``r``}) of each group. One
        scan of its rows (an index-only scan of the covering index), grouped
        by what tells them apart: a few hundred groups for 100 000 tickets,
        whose figures the callers sum up. A figure that only adds up (a
        share, a flag) is an aggregate, not a key: every key multiplies the
        groups that PostgreSQL hashes and Python reads. ``where``: SQL on
        ``r`` that narrows the rows."""
        names = list(keys)
        aggregates = aggregates or {}
        # PostgreSQL cannot tell how few groups computed keys make: it expects
        # one per row and, past work_mem, plans an external sort of every row
        # (three times the scan's cost). A hash of the actual groups fits in
        # a few MB (and spills to disk if it ever did not): no sort here.
        self.env.cr.execute("SET LOCAL enable_sort = off")
        rows = self.env.execute_query(
            SQL(
                "SELECT %s, count(*)%s FROM %s AS r WHERE r.charter_id = %s%s "
                "GROUP BY %s",
                SQL(", ").join(keys.values()),
                SQL("").join(SQL(", %s", agg) for agg in aggregates.values()),
                self._table_sql,
                charter.id,
                SQL(" AND (%s)", where) if where else SQL(),
                SQL(", ").join(SQL(str(n)) for n in range(1, len(names) + 1)),
            )
        )
        self.env.cr.execute("RESET enable_sort")
        names += ["count", *aggregates]
        return [dict(zip(names, row, strict=True)) for row in rows]

    @api.model
    def _clock_week_keys(self, now, bounds, clocks, prefix=""):
        """Grouping keys: each clock of ``clocks`` by the week it fell due
        (``CLOCK_WEEK``), named after the clock with ``prefix``."""
        keys = {}
        for clock, (deadline, done) in clocks.items():
            deadline = SQL.identifier("r", deadline)
            keys[f"{prefix}{clock}"] = SQL(
                CLOCK_WEEK,
                deadline=deadline,
                done=SQL.identifier("r", done),
                now=now,
                past=self._past_deadline("r", deadline, now),
                week=SQL("width_bucket(%s, %s::timestamp[])", deadline, bounds),
            )
        return keys

    @api.model
    def _exit_count_keys(self, now, bounds):
        """The grouping keys and the aggregates ``_charter_exit_counts`` sums
        up (see there): ``(keys, aggregates)``."""
        current, last, before = bounds[-1], bounds[-2], bounds[-3]
        keys = {
            "severity_level": SQL("r.severity_level"),
            "is_open": SQL("r.is_open"),
            "kept": SQL("r.state IS DISTINCT FROM 'cancelled'"),
            # the open critical and high tickets of a known issue count once
            # (a problem, not its reports): their known issue tells them apart
            "exit_known_issue": SQL(
                "CASE WHEN r.is_open AND r.severity_level IN ('critical', 'high') "
                "THEN r.known_issue_id END"
            ),
        }
        keys |= self._clock_week_keys(now, bounds, BAU_CLOCK_COLUMNS, "bau_")
        past = self._past_deadline("r", SQL.identifier("r", "resolution_deadline"), now)
        aggregates = {
            # the critical and high tickets' resolution: due when resolved
            # (met when in time) or open past its deadline
            "sla_due": SQL(
                """count(*) FILTER (WHERE r.severity_level IN ('critical', 'high')
                     AND (r.state = 'done' AND r.date_resolved IS NOT NULL
                          OR r.is_open AND %s))""",
                past,
            ),
            "sla_met": SQL(
                """count(*) FILTER (WHERE r.severity_level IN ('critical', 'high')
                     AND r.state = 'done'
                     AND r.date_resolved <= r.resolution_deadline)"""
            ),
            "last": SQL(
                "count(*) FILTER (WHERE r.date_reported >= %s "
                "AND r.date_reported < %s)",
                last,
                current,
            ),
            "before": SQL(
                "count(*) FILTER (WHERE r.date_reported >= %s "
                "AND r.date_reported < %s)",
                before,
                last,
            ),
            # first resolved last week, and reopened since
            "resolved_last": SQL(
                "count(*) FILTER (WHERE r.date_first_resolved >= %s "
                "AND r.date_first_resolved < %s)",
                last,
                current,
            ),
            "reopened_last": SQL(
                "count(*) FILTER (WHERE r.date_first_resolved >= %s "
                "AND r.date_first_resolved < %s AND r.reopen_count > 0)",
                last,
                current,
            ),
        }
        return keys, aggregates

    @api.model
    def _charter_exit_counts(self, charter, now, bounds, weeks, groups=None):
        """The exit gate's ticket counts of one charter: ``totals`` by the names
        of TOTALS, and ``weekly[(clock, k)] = (due, met)`` for each bucket k of
        ``weeks`` (the week [bounds[k - 1], bounds[k])), measured against the
        BAU deadlines; the last bound starts the current week. A clock is due
        when its event happened or it is past its deadline
        (``_past_deadline``: a ticket paused before its deadline is not).
        Cancelled tickets count for nothing.

        ``groups``: rows of ``_charter_groups`` whose keys and aggregates
        include ``_exit_count_keys(now, bounds)``, or of
        ``_charter_cube_groups`` (one read shared with another figure); read
        from the cube otherwise. A missing key counts as none."""
        if groups is None:
            groups = self._charter_cube_groups(charter, now, bounds)
        totals = dict.fromkeys(TOTALS, 0)
        weekly = {(clock, k): [0, 0] for k in weeks for clock in CLOCK_COLUMNS}
        # known issue id -> the highest level among its open tickets
        known_levels = {}
        summed = [name for name in TOTALS if not name.startswith("open_")]
        for group in groups:
            if not group.get("kept"):
                continue
            count = group["count"]
            level = group.get("severity_level")
            if group.get("is_open") and level in EXIT_LEVEL_RANK:
                known = group.get("exit_known_issue")
                if known:
                    best = known_levels.get(known)
                    if best is None or EXIT_LEVEL_RANK[level] < EXIT_LEVEL_RANK[best]:
                        known_levels[known] = level
                else:
                    totals[f"open_{level}"] += count
            for name in summed:
                totals[name] += group.get(name, 0)
            for clock in CLOCK_COLUMNS:
                due = group.get(f"bau_{clock}")
                week = due and weekly.get((clock, abs(due)))
                if week:
                    week[0] += count
                    week[1] += count if due > 0 else 0
        for level in known_levels.values():
            totals[f"open_{level}"] += 1
        return totals, {key: tuple(value) for key, value in weekly.items()}
