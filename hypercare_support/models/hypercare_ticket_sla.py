from collections import defaultdict
from contextlib import ExitStack, contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .hypercare_ticket_mixin import CLOCKS, STATUS_RANK

# clock -> (warning date, deadline, severity hours, pause credited to it in
# wall-clock hours, the same pause in working hours of the charter's calendar)
CLOCK_FIELDS = {
    "response": (
        "response_warning_date",
        "response_deadline",
        "response_hours",
        "sla_response_paused_hours",
        "sla_response_paused_business_hours",
    ),
    "resolution": (
        "resolution_warning_date",
        "resolution_deadline",
        "resolution_hours",
        "sla_paused_hours",
        "sla_paused_business_hours",
    ),
}
# computed together by _compute_sla_status
STATUS_FIELDS = (
    "sla_response_status",
    "sla_resolution_status",
    "sla_status",
    "sla_breached",
    "sla_next_deadline",
)


class HypercareTicketMixin(models.AbstractModel):
    """SLA deadlines and statuses of hypercare tickets, and the pause
    bookkeeping that moves the deadlines.

    A deadline depends on the ticket's own fields only (severity, report date,
    the pause credited to its clock, kept in both units: wall-clock hours for
    a wall-clock row, working hours of the charter's calendar for a
    business-hours one). The severity's hours, its business-hours
    flag, the calendar and the stages' flags are read, not watched: their
    edits recompute the clocks still running of the open tickets, in batches
    (``_sla_refresh_open``). A clock that stopped (first response, resolution)
    keeps its deadline, hence its ``met`` / ``failed`` outcome, whatever is
    edited afterwards, the ticket's own severity included (``write``)."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    bau_response_deadline = fields.Datetime(
        compute="_compute_sla_response_deadlines",
        store=True,
        copy=False,
        string="BAU Response Deadline",
        help="The response deadline the BAU matrix would give this ticket: "
        "the sustained SLA exit criterion measures against it.",
    )
    bau_resolution_deadline = fields.Datetime(
        compute="_compute_sla_resolution_deadlines",
        store=True,
        copy=False,
        string="BAU Resolution Deadline",
        help="The resolution deadline the BAU matrix would give this ticket.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "hypercare_charter_id",
        "severity_id",
        "date_reported",
        "sla_response_paused_hours",
        "sla_response_paused_business_hours",
    )
    def _compute_sla_response_deadlines(self):
        self._sla_plan_deadlines("response")

    @api.depends(
        "hypercare_charter_id",
        "severity_id",
        "date_reported",
        "sla_paused_hours",
        "sla_paused_business_hours",
    )
    def _compute_sla_resolution_deadlines(self):
        self._sla_plan_deadlines("resolution")

    def _sla_plan_deadlines(self, clock):
        for ticket, fname, value in self._sla_planned(clock):
            ticket[fname] = value

    def _sla_planned(self, clock):
        """``(ticket, field, value)`` of the warning date and deadline of
        ``clock``: the start plus the severity's hours (times its warning
        ratio) and the pause credited to that clock in the row's own unit:
        wall-clock hours, or working hours of the charter's calendar for a
        business-hours row (one calendar computation per batch). And the
        deadline the BAU row of the ticket's level would give it (the
        sustained SLA exit criterion measures against it; without a BAU row,
        the ticket's own), its pause in that row's unit."""
        warning_fname, deadline_fname, hours_fname, wall_fname, business_fname = (
            CLOCK_FIELDS[clock]
        )
        bau_fname = f"bau_{clock}_deadline"
        planned, by_calendar = [], defaultdict(list)
        bau_rows = {}
        for ticket in self:
            severity = ticket.severity_id
            start = ticket.date_reported
            charter = ticket.hypercare_charter_id
            if not (severity and start and charter):
                planned += [
                    (ticket, fname, False)
                    for fname in (warning_fname, deadline_fname, bau_fname)
                ]
                continue
            if charter not in bau_rows:
                bau_rows[charter] = charter._hypercare_bau_rows()
            bau = bau_rows[charter].get(severity.level) or severity
            hours = severity[hours_fname]
            # on its BAU row (a handed-over ticket, or a level without one)
            # the BAU deadline is the deadline: planned once for both
            fnames = (
                (deadline_fname, bau_fname) if bau == severity else (deadline_fname,)
            )
            targets = [
                ((warning_fname,), severity, hours * (severity.warning_ratio or 1.0)),
                (fnames, severity, hours),
            ]
            if bau != severity:
                targets.append(((bau_fname,), bau, bau[hours_fname]))
            for names, row, at in targets:
                calendar = row.business_hours_only and charter._get_calendar()
                if calendar:
                    at += ticket[business_fname] or 0.0
                    by_calendar[calendar].append((ticket, names, start, at))
                else:
                    at += ticket[wall_fname] or 0.0
                    value = start + timedelta(hours=at)
                    planned += [(ticket, fname, value) for fname in names]
        for calendar, rows in by_calendar.items():
            requests = [(start, h) for _ticket, _names, start, h in rows]
            reached = calendar._hypercare_add_working_hours(requests)
            for (ticket, names, _start, _h), value in zip(rows, reached, strict=True):
                planned += [(ticket, fname, value) for fname in names]
        return planned

    @api.depends(
        "hypercare_state",
        "date_acknowledged",
        "date_resolved",
        "sla_pause_start",
        "response_warning_date",
        "response_deadline",
        "resolution_warning_date",
        "resolution_deadline",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            response = resolution = False
            next_deadline = False
            if ticket.response_deadline and ticket.hypercare_state != "cancelled":
                at = self._sla_judged_at(
                    ticket.hypercare_state, ticket.sla_pause_start, now
                )
                response = self._sla_clock_status(
                    ticket.date_acknowledged,
                    ticket.response_warning_date,
                    ticket.response_deadline,
                    at,
                )
                resolution = self._sla_clock_status(
                    ticket.date_resolved,
                    ticket.resolution_warning_date,
                    ticket.resolution_deadline,
                    at,
                )
                running = [
                    deadline
                    for event, deadline in (
                        (ticket.date_acknowledged, ticket.response_deadline),
                        (ticket.date_resolved, ticket.resolution_deadline),
                    )
                    if not event
                ]
                next_deadline = min(running) if running else False
            ticket.sla_response_status = response
            ticket.sla_resolution_status = resolution
            ticket.sla_breached = "failed" in (response, resolution)
            ticket.sla_status = self._sla_worst(response, resolution)
            ticket.sla_next_deadline = next_deadline

    @api.model
    def _sla_judged_at(self, state, pause_start, now):
        """The moment a running clock is judged at: a paused ticket's clocks
        stand still at its pause start, the others run until ``now``. A
        running clock is past its deadline when this moment is after it;
        ``_sla_past_deadline_sql`` says the same in SQL (the exit gate)."""
        return pause_start if state == "paused" and pause_start else now

    @api.model
    def _sla_past_deadline_sql(self, deadline, state, pause_start, now):
        """SQL of "this running clock is past its deadline", given the SQL of
        the ticket's deadline, hypercare state and pause start: the rule of
        ``_sla_judged_at`` and ``_sla_clock_status``, for reports."""
        return SQL(
            "(%(deadline)s < CASE WHEN %(state)s = 'paused' "
            "AND %(pause)s IS NOT NULL THEN %(pause)s ELSE %(now)s END)",
            deadline=deadline,
            state=state,
            pause=pause_start,
            now=now,
        )

    @api.model
    def _sla_clock_status(self, event, warning, deadline, now):
        if event:
            return "met" if event <= deadline else "failed"
        if now > deadline:
            return "failed"
        if now >= warning:
            return "at_risk"
        return "ongoing"

    @api.model
    def _sla_worst(self, *statuses):
        for status in ("failed", "at_risk", "ongoing", "met"):
            if status in statuses:
                return status
        return False

    @api.depends(
        "hypercare_state",
        "sla_response_status",
        "sla_resolution_status",
        "sla_response_notified",
        "sla_resolution_notified",
        "sla_stale_since",
    )
    def _compute_sla_next_check(self):
        now = fields.Datetime.now()
        for ticket in self:
            candidates = []
            if ticket.sla_stale_since:
                # an edit left this ticket's recompute to the scan
                candidates.append(ticket.sla_stale_since)
            if ticket.hypercare_state == "open" and ticket.response_deadline:
                for clock in CLOCKS:
                    status = ticket[f"sla_{clock}_status"]
                    if status not in STATUS_RANK:
                        continue
                    notified = STATUS_RANK.get(ticket[f"sla_{clock}_notified"], 0)
                    if notified > STATUS_RANK[status]:
                        # deadline moved away: the scan rearms the notification
                        candidates.append(now)
                    elif notified == 0:
                        candidates.append(ticket[f"{clock}_warning_date"])
                    elif notified == 1:
                        # failed strictly after the deadline: look one second later
                        candidates.append(
                            ticket[f"{clock}_deadline"] + timedelta(seconds=1)
                        )
            ticket.sla_next_check = min(candidates) if candidates else False

    # ------------------------------------------------------------------
    # Pause bookkeeping
    # ------------------------------------------------------------------

    def _init_column(self, column_name):
        """Tickets of a database installed before the response clock had its
        own pause total: their response deadlines were computed with the whole
        pause, which is what the new column starts with."""
        if column_name != "sla_response_paused_hours":
            return super()._init_column(column_name)
        self.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET sla_response_paused_hours = sla_paused_hours "
                "WHERE sla_response_paused_hours IS NULL AND sla_paused_hours <> 0",
                table=SQL.identifier(self._table),
            )
        )
        return None

    def _sla_before_write(self, vals):
        """Two rules of the clocks on a ticket's own edits, read before the
        write: ``(stopped, spans)`` for ``_sla_keep_stopped`` and
        ``_sla_after_write``.

        A regrade or a new report date recomputes the clocks still running: a
        clock that stopped (first response, resolution) keeps its deadline,
        hence its met / failed outcome.

        A first response given while the ticket is paused stops the response
        clock there: the part of the pause before it is credited to that clock
        (the rest of the pause only to the resolution clock)."""
        stopped = {}
        if set(vals) & {"severity_id", "date_reported"}:
            stopped = self._sla_stopped_deadlines()
        spans = {}
        if vals.get("date_acknowledged"):
            acknowledged = fields.Datetime.to_datetime(vals["date_acknowledged"])
            spans = {
                ticket.id: (ticket.sla_pause_start, acknowledged)
                for ticket in self
                if ticket.hypercare_charter_id
                and ticket.hypercare_state == "paused"
                and ticket.sla_pause_start
                and ticket.sla_pause_start < acknowledged
                and not ticket.date_acknowledged
            }
        return stopped, spans

    def _sla_after_write(self, spans):
        """Credit the response clock with the pause before a first response,
        in both units (wall clock and working hours)."""
        if not spans:
            return
        paused = self.browse(list(spans))
        credit = paused._hypercare_clock_hours(spans)
        for ticket in paused:
            wall, business = credit[ticket.id]
            # sudo: the engine's own bookkeeping, not the user's edit
            ticket.sudo().write(
                {
                    "sla_response_paused_hours": ticket.sla_response_paused_hours
                    + wall,
                    "sla_response_paused_business_hours": (
                        ticket.sla_response_paused_business_hours + business
                    ),
                }
            )

    @contextmanager
    def _sla_keep_stopped(self, stopped):
        """Keep the deadlines of the stopped clocks (``stopped``, as
        ``_sla_stopped_deadlines`` gives them) out of the recompute of what
        runs inside: one protection per field, no write per ticket."""
        ids_of = defaultdict(list)
        for ticket_id, deadlines in stopped.items():
            for fname in deadlines:
                ids_of[fname].append(ticket_id)
        with ExitStack() as stack:
            for fname, ids in ids_of.items():
                stack.enter_context(
                    self.env.protecting([self._fields[fname]], self.browse(ids))
                )
            yield

    def _sla_stopped_deadlines(self):
        """{ticket id: {field: value}}: the warning date and deadline of each
        clock of these tickets that stopped (its event happened)."""
        stopped = {}
        for ticket in self.filtered("hypercare_charter_id"):
            for clock, event in (
                ("response", "date_acknowledged"),
                ("resolution", "date_resolved"),
            ):
                fnames = (*CLOCK_FIELDS[clock][:2], f"bau_{clock}_deadline")
                if ticket[event] and ticket[fnames[1]]:
                    stopped.setdefault(ticket.id, {}).update(
                        {fname: ticket[fname] for fname in fnames}
                    )
        return stopped

    def _hypercare_after_state_change(self, before, at=None):
        """Keep pause time, first response and resolution dates in step with
        the state the carrier moved the tickets to, as of ``at`` (default now;
        a stage's "Pauses SLA" flag left to the scan dates from its edit).

        Leaving a pause credits its length to the resolution clock, and to the
        response clock only while that one still runs (no first response yet)."""
        now = at or fields.Datetime.now()
        moved = self.filtered(
            lambda t: (
                t.hypercare_charter_id and before.get(t.id, "open") != t.hypercare_state
            )
        )
        leaving = moved.filtered(
            lambda t: before.get(t.id, "open") == "paused" and t.sla_pause_start
        )
        credit = leaving._hypercare_clock_hours(
            {ticket.id: (ticket.sla_pause_start, now) for ticket in leaving}
        )
        writes = defaultdict(list)
        reopened = self.browse()
        for ticket in moved:
            old, new = before.get(ticket.id, "open"), ticket.hypercare_state
            vals = {}
            if ticket.id in credit:
                wall, business = credit[ticket.id]
                vals["sla_paused_hours"] = ticket.sla_paused_hours + wall
                vals["sla_paused_business_hours"] = (
                    ticket.sla_paused_business_hours + business
                )
                if not ticket.date_acknowledged:
                    vals["sla_response_paused_hours"] = (
                        ticket.sla_response_paused_hours + wall
                    )
                    vals["sla_response_paused_business_hours"] = (
                        ticket.sla_response_paused_business_hours + business
                    )
                vals["sla_pause_start"] = False
            if new == "paused":
                vals["sla_pause_start"] = now
            if new == "done":
                if not ticket.date_resolved:
                    vals["date_resolved"] = now
                if not ticket.date_acknowledged:
                    vals["date_acknowledged"] = now
            elif old == "done":
                vals["date_resolved"] = False
                reopened |= ticket
            if vals:
                writes[tuple(sorted(vals.items()))].append(ticket.id)
        for vals, ids in writes.items():
            # sudo: these are the engine's own fields, not the user's edit
            self.browse(ids).sudo().write(dict(vals))
        if reopened:
            # the resolution clock runs again, on today's severity and calendar
            reopened._sla_recompute_running()
            reopened._hypercare_bau_catch_up()
        moved.filtered(
            lambda t: t.hypercare_state == "done" and before.get(t.id, "open") != "done"
        )._hypercare_notify_resolved()

    def _hypercare_clock_hours(self, spans):
        """``{ticket id: (wall-clock hours, working hours)}`` within
        ``spans[ticket.id]`` (a ``(start, end)`` pair): the pause in the unit
        of each clock it may move, a wall-clock row's and a business-hours
        row's (working hours of the charter's calendar, whatever the ticket's
        row today: a regrade or the BAU row may count in them), one calendar
        computation per calendar."""
        hours, by_calendar = {}, defaultdict(list)
        for ticket in self:
            start, end = spans[ticket.id]
            wall = max((end - start).total_seconds(), 0.0) / 3600.0
            calendar = ticket.hypercare_charter_id._get_calendar()
            hours[ticket.id] = (wall, wall)
            if calendar:
                by_calendar[calendar].append(ticket.id)
        for calendar, ids in by_calendar.items():
            worked = calendar._hypercare_working_hours_between([spans[i] for i in ids])
            for ticket_id, business in zip(ids, worked, strict=True):
                hours[ticket_id] = (hours[ticket_id][0], business)
        return hours
