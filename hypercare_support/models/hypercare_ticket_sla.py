from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .hypercare_ticket_mixin import CLOCKS, OPEN_STATES, STATUS_RANK

# clock -> (warning date, deadline, severity hours, pause credited to it)
CLOCK_FIELDS = {
    "response": (
        "response_warning_date",
        "response_deadline",
        "response_hours",
        "sla_response_paused_hours",
    ),
    "resolution": (
        "resolution_warning_date",
        "resolution_deadline",
        "resolution_hours",
        "sla_paused_hours",
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
    the pause credited to its clock). The severity's hours, its business-hours
    flag, the calendar and the stages' flags are read, not watched: their
    edits recompute the clocks still running of the open tickets, in batches
    (``_sla_refresh_open``). A clock that stopped (first response, resolution)
    keeps its deadline, hence its ``met`` / ``failed`` outcome."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # open tickets recomputed in the request that edits what their clocks
    # depend on; the scan, triggered at once, does the rest in committed batches
    _sla_refresh_batch = 1000

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "hypercare_charter_id",
        "severity_id",
        "date_reported",
        "sla_response_paused_hours",
    )
    def _compute_sla_response_deadlines(self):
        self._sla_plan_deadlines("response")

    @api.depends(
        "hypercare_charter_id",
        "severity_id",
        "date_reported",
        "sla_paused_hours",
    )
    def _compute_sla_resolution_deadlines(self):
        self._sla_plan_deadlines("resolution")

    def _sla_plan_deadlines(self, clock):
        """Warning date and deadline of ``clock``: the start plus the
        severity's hours (times its warning ratio) and the pause credited to
        that clock, in working hours of the charter's calendar for a
        business-hours severity (one calendar computation per batch)."""
        warning_fname, deadline_fname, hours_fname, paused_fname = CLOCK_FIELDS[clock]
        by_calendar = defaultdict(list)
        for ticket in self:
            severity = ticket.severity_id
            start = ticket.date_reported
            if not (severity and start and ticket.hypercare_charter_id):
                ticket[warning_fname] = ticket[deadline_fname] = False
                continue
            paused = ticket[paused_fname] or 0.0
            hours = severity[hours_fname]
            planned = (hours * (severity.warning_ratio or 1.0) + paused, hours + paused)
            calendar = (
                severity.business_hours_only
                and ticket.hypercare_charter_id._get_calendar()
            )
            if calendar:
                by_calendar[calendar].append((ticket, start, planned))
            else:
                ticket[warning_fname] = start + timedelta(hours=planned[0])
                ticket[deadline_fname] = start + timedelta(hours=planned[1])
        for calendar, rows in by_calendar.items():
            requests = [(start, h) for _ticket, start, planned in rows for h in planned]
            reached = iter(calendar._hypercare_add_working_hours(requests))
            for ticket, _start, _planned in rows:
                ticket[warning_fname] = next(reached)
                ticket[deadline_fname] = next(reached)

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

    def write(self, vals):
        """A first response given while the ticket is paused stops the
        response clock there: the part of the pause before it is credited to
        that clock now (the rest of the pause only to the resolution clock)."""
        if not vals.get("date_acknowledged"):
            return super().write(vals)
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
        res = super().write(vals)
        if spans:
            paused = self.browse(list(spans))
            credit = paused._hypercare_clock_hours(spans)
            for ticket in paused:
                # sudo: the engine's own bookkeeping, not the user's edit
                ticket.sudo().write(
                    {
                        "sla_response_paused_hours": ticket.sla_response_paused_hours
                        + credit[ticket.id]
                    }
                )
        return res

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
                hours = credit[ticket.id]
                vals["sla_paused_hours"] = ticket.sla_paused_hours + hours
                if not ticket.date_acknowledged:
                    vals["sla_response_paused_hours"] = (
                        ticket.sla_response_paused_hours + hours
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
        moved.filtered(
            lambda t: t.hypercare_state == "done" and before.get(t.id, "open") != "done"
        )._hypercare_notify_resolved()

    def _hypercare_clock_hours(self, spans):
        """Hours on each ticket's SLA clock within ``spans[ticket.id]`` (a
        ``(start, end)`` pair): working hours of the charter's calendar for a
        business-hours severity, one calendar computation per calendar."""
        hours, by_calendar = {}, defaultdict(list)
        for ticket in self:
            start, end = spans[ticket.id]
            calendar = (
                ticket.severity_id.business_hours_only
                and ticket.hypercare_charter_id._get_calendar()
            )
            if calendar:
                by_calendar[calendar].append(ticket.id)
            else:
                hours[ticket.id] = max((end - start).total_seconds(), 0.0) / 3600.0
        for calendar, ids in by_calendar.items():
            worked = calendar._hypercare_working_hours_between([spans[i] for i in ids])
            hours.update(zip(ids, worked, strict=True))
        return hours

    # ------------------------------------------------------------------
    # Recompute after an edit of the matrix, the calendar or a stage
    # ------------------------------------------------------------------

    def _sla_recompute_running(self):
        """Mark the deadlines of the clocks still running of these open
        tickets for recompute, and their statuses and next check; a clock that
        stopped keeps its deadline and outcome."""
        open_tickets = self.filtered(lambda t: t.hypercare_state in OPEN_STATES)
        for clock, event in (
            ("response", "date_acknowledged"),
            ("resolution", "date_resolved"),
        ):
            running = open_tickets.filtered(lambda t, e=event: not t[e])
            for fname in CLOCK_FIELDS[clock][:2]:
                self.env.add_to_compute(self._fields[fname], running)
        for fname in (*STATUS_FIELDS, "sla_next_check"):
            self.env.add_to_compute(self._fields[fname], self)

    def _sla_refresh(self):
        """Bring these tickets in line with what their clocks depend on today:
        the state their stage gives them (a pause starts or ends, as of the
        edit that left them stale), then the running clocks' deadlines, the
        statuses and the next check."""
        tickets = self.filtered("hypercare_charter_id")
        open_tickets = tickets.filtered(lambda t: t.hypercare_state in OPEN_STATES)
        before = {ticket.id: ticket.hypercare_state for ticket in open_tickets}
        self.env.add_to_compute(self._fields["hypercare_state"], open_tickets)
        open_tickets._recompute_recordset(["hypercare_state"])
        moved = open_tickets.filtered(lambda t: t.hypercare_state != before[t.id])
        if moved:
            moved.modified(["hypercare_state"])
            for since, group in moved.grouped("sla_stale_since").items():
                group._hypercare_after_state_change(before, at=since or None)
        tickets._sla_recompute_running()
        stale = self.filtered("sla_stale_since")
        if stale:
            stale.sudo().write({"sla_stale_since": False})
        self.flush_recordset()

    @api.model
    def _sla_refresh_open(self, domain):
        """Recompute the running clocks of the open tickets matching
        ``domain``, after an edit of what they depend on (severity matrix,
        calendar, a stage's flag): the first ``_sla_refresh_batch`` in this
        request, the others marked stale (due at once) for the scan, which is
        triggered now and finishes the job in committed batches; a run cut
        short leaves them stale, the next one goes on. Closed tickets are
        never touched. Returns the number of tickets recomputed now."""
        tickets = self.sudo().search(
            Domain(domain) & Domain("hypercare_is_open", "=", True), order="id"
        )
        if not tickets:
            return 0
        first = tickets[: self._sla_refresh_batch]
        rest = tickets - first
        if rest:
            rest._sla_mark_stale(fields.Datetime.now())
        first._sla_refresh()
        return len(first)

    def _sla_mark_stale(self, since):
        """Leave these tickets' recompute to the scan: stale since ``since``
        and due now (set-based: no ORM write per ticket)."""
        fnames = ["sla_stale_since", "sla_next_check"]
        self.flush_recordset(fnames)
        self.env.execute_query(
            SQL(
                "UPDATE %s SET sla_stale_since = LEAST(sla_stale_since, %s), "
                "sla_next_check = LEAST(sla_next_check, %s) WHERE id = ANY(%s)",
                SQL.identifier(self._table),
                since,
                since,
                self.ids,
            )
        )
        self.invalidate_recordset(fnames)
        cron = self.env.ref("hypercare_support.ir_cron_sla_scan", False)
        if cron:
            cron.sudo()._trigger()
