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

# the exit gate's scalar counts, in the order of its aggregate
TOTALS = ("open_critical", "open_high", "sla_met", "sla_due", "last", "before")
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
    def _charter_exit_counts(self, charter, now, bounds, weeks):
        """The exit gate's ticket counts of one charter: ``totals`` by the names
        of TOTALS, and ``weekly[(clock, k)] = (due, met)`` for each bucket k of
        ``weeks`` (the week [bounds[k - 1], bounds[k])), measured against the
        BAU deadlines; the last bound starts the current week. A clock is due
        when its event happened or it is past its deadline
        (``_past_deadline``: a ticket paused before its deadline is not)."""
        current, last, before = bounds[-1], bounds[-2], bounds[-3]
        # one scan of the charter's tickets, no grouping (its sort costs more
        # than the scan): the scalar counts, then met / due per clock for every
        # full week since go-live as filtered aggregates
        week_columns = [
            SQL(
                "count(*) FILTER (WHERE %(d)s >= %(lo)s AND %(d)s < %(hi)s "
                "AND (%(done)s IS NOT NULL OR %(past)s)), "
                "count(*) FILTER (WHERE %(d)s >= %(lo)s AND %(d)s < %(hi)s "
                "AND %(done)s <= %(d)s)",
                d=SQL.identifier("report", deadline),
                done=SQL.identifier("report", done),
                past=self._past_deadline(
                    "report", SQL.identifier("report", deadline), now
                ),
                lo=bounds[bucket - 1],
                hi=bounds[bucket],
            )
            for bucket in weeks
            for deadline, done in BAU_CLOCK_COLUMNS.values()
        ]
        [row] = self.env.execute_query(
            SQL(
                """
            SELECT count(*) FILTER (
                       WHERE report.is_open AND report.severity_level = 'critical'),
                   count(*) FILTER (
                       WHERE report.is_open AND report.severity_level = 'high'),
                   count(*) FILTER (
                       WHERE report.severity_level IN ('critical', 'high')
                         AND report.state = 'done'
                         AND report.date_resolved <= report.resolution_deadline),
                   count(*) FILTER (
                       WHERE report.severity_level IN ('critical', 'high')
                         AND ((report.state = 'done'
                               AND report.date_resolved IS NOT NULL)
                           OR (report.is_open AND %(past_resolution)s))),
                   count(*) FILTER (
                       WHERE report.date_reported >= %(last)s
                         AND report.date_reported < %(current)s),
                   count(*) FILTER (
                       WHERE report.date_reported >= %(before)s
                         AND report.date_reported < %(last)s)
                   %(week_columns)s
              FROM %(report)s AS report
             WHERE report.charter_id = %(charter)s
               AND report.state IS DISTINCT FROM 'cancelled'
                """,
                past_resolution=self._past_deadline(
                    "report", SQL.identifier("report", "resolution_deadline"), now
                ),
                last=last,
                current=current,
                before=before,
                week_columns=SQL("").join(
                    SQL(", %s", column) for column in week_columns
                ),
                report=self._table_sql,
                charter=charter.id,
            )
        )
        totals = dict(zip(TOTALS, row[: len(TOTALS)], strict=True))
        counts = iter(row[len(TOTALS) :])
        keys = [(clock, bucket) for bucket in weeks for clock in CLOCK_COLUMNS]
        weekly = dict(zip(keys, zip(counts, counts, strict=True), strict=True))
        return totals, weekly

    @api.model
    def _charter_week_counts(self, charter, bounds, end):
        """Per bucket k of ``bounds`` (the week [bounds[k - 1], bounds[k])), up to
        ``end``: tickets reported and how-to ones, tickets resolved and those
        resolved at L1, and [met, due] of each clock by week due (due as in
        ``_charter_exit_counts``)."""
        stats = {
            bucket: dict.fromkeys(("incoming", "how_to", "resolved", "resolved_l1"), 0)
            | {"response": [0, 0], "resolution": [0, 0]}
            for bucket in range(1, len(bounds))
        }
        params = {
            "bounds": bounds,
            "charter": charter.id,
            "first": bounds[0],
            "end": end,
        }
        report = self._table_sql
        # tickets by week reported (and the how-to ones), by week resolved
        # (and those resolved at L1)
        for date, where, part, keys in (
            (
                "date_reported",
                SQL("r.state IS DISTINCT FROM 'cancelled'"),
                SQL("r.issue_type = 'how_to'"),
                ("incoming", "how_to"),
            ),
            (
                "date_resolved",
                SQL("r.state = 'done'"),
                SQL("r.support_layer = 'l1'"),
                ("resolved", "resolved_l1"),
            ),
        ):
            for bucket, total, subset in self.env.execute_query(
                SQL(
                    """
                SELECT width_bucket(%(date)s, %(bounds)s::timestamp[]),
                       count(*), count(*) FILTER (WHERE %(part)s)
                  FROM %(report)s AS r
                 WHERE r.charter_id = %(charter)s AND %(where)s
                   AND %(date)s >= %(first)s AND %(date)s < %(end)s
                 GROUP BY 1
                    """,
                    date=SQL.identifier("r", date),
                    part=part,
                    where=where,
                    report=report,
                    **params,
                )
            ):
                stats[bucket][keys[0]] = total
                stats[bucket][keys[1]] = subset
        for clock, bucket, met, due in self.env.execute_query(
            SQL(
                """
            SELECT e.clock,
                   width_bucket(e.deadline, %(bounds)s::timestamp[]),
                   count(*) FILTER (WHERE e.done_at <= e.deadline),
                   count(*)
              FROM %(report)s AS r
             CROSS JOIN LATERAL (
                   VALUES ('response', r.response_deadline, r.date_acknowledged),
                          ('resolution', r.resolution_deadline, r.date_resolved)
                   ) AS e(clock, deadline, done_at)
             WHERE r.charter_id = %(charter)s
               AND r.state IS DISTINCT FROM 'cancelled'
               AND e.deadline >= %(first)s AND e.deadline < %(end)s
               AND (e.done_at IS NOT NULL OR %(past)s)
             GROUP BY 1, 2
                """,
                report=report,
                past=self._past_deadline("r", SQL("e.deadline"), fields.Datetime.now()),
                **params,
            )
        ):
            stats[bucket][clock] = [met, due]
        return stats
