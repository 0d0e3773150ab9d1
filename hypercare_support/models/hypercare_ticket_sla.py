from collections import defaultdict
from datetime import timedelta

from pytz import utc

from odoo import api, fields, models

from .hypercare_ticket_mixin import CLOCKS, STATUS_RANK


class HypercareTicketMixin(models.AbstractModel):
    """SLA deadlines and statuses of hypercare tickets, and the pause
    bookkeeping that moves the deadlines."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "hypercare_charter_id.calendar_id",
        "severity_id.response_hours",
        "severity_id.resolution_hours",
        "severity_id.business_hours_only",
        "severity_id.warning_ratio",
        "date_reported",
        "sla_paused_hours",
    )
    def _compute_sla_deadlines(self):
        fnames = (
            "response_warning_date",
            "response_deadline",
            "resolution_warning_date",
            "resolution_deadline",
        )
        by_calendar = defaultdict(list)
        for ticket in self:
            severity = ticket.severity_id
            start = ticket.date_reported
            if not (severity and start and ticket.hypercare_charter_id):
                for fname in fnames:
                    ticket[fname] = False
                continue
            paused = ticket.sla_paused_hours or 0.0
            ratio = severity.warning_ratio or 1.0
            hours = (
                severity.response_hours * ratio + paused,
                severity.response_hours + paused,
                severity.resolution_hours * ratio + paused,
                severity.resolution_hours + paused,
            )
            calendar = (
                severity.business_hours_only
                and ticket.hypercare_charter_id._get_calendar()
            )
            if calendar:
                by_calendar[calendar].append((ticket, start, hours))
            else:
                for fname, delta in zip(fnames, hours, strict=True):
                    ticket[fname] = start + timedelta(hours=delta)
        for calendar, rows in by_calendar.items():
            requests = [(start, h) for _ticket, start, hours in rows for h in hours]
            planned = iter(calendar._hypercare_add_working_hours(requests))
            for ticket, _start, _hours in rows:
                for fname in fnames:
                    ticket[fname] = next(planned)

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
                at = (
                    ticket.sla_pause_start
                    if ticket.hypercare_state == "paused" and ticket.sla_pause_start
                    else now
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
    )
    def _compute_sla_next_check(self):
        now = fields.Datetime.now()
        for ticket in self:
            candidates = []
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

    def _hypercare_after_state_change(self, before):
        """Keep pause time, first response and resolution dates in step with
        the state the carrier moved the tickets to."""
        now = fields.Datetime.now()
        for ticket in self.filtered("hypercare_charter_id"):
            old, new = before.get(ticket.id, "open"), ticket.hypercare_state
            if old == new:
                continue
            vals = {}
            if old == "paused" and ticket.sla_pause_start:
                vals["sla_paused_hours"] = (
                    ticket.sla_paused_hours
                    + ticket._hypercare_elapsed_hours(ticket.sla_pause_start, now)
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
            if vals:
                # sudo: these are the engine's own fields, not the user's edit
                ticket.sudo().write(vals)
        self.filtered(
            lambda t: (
                t.hypercare_charter_id
                and t.hypercare_state == "done"
                and before.get(t.id, "open") != "done"
            )
        )._hypercare_notify_resolved()

    def _hypercare_elapsed_hours(self, start, end):
        """Hours between two datetimes on this ticket's SLA clock."""
        self.ensure_one()
        if end <= start:
            return 0.0
        calendar = (
            self.severity_id.business_hours_only
            and self.hypercare_charter_id._get_calendar()
        )
        if calendar:
            return calendar.get_work_hours_count(
                utc.localize(start), utc.localize(end), compute_leaves=True
            )
        return (end - start).total_seconds() / 3600.0
