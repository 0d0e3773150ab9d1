from bisect import bisect_left, bisect_right
from datetime import timedelta

from pytz import utc

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# fields of a calendar whose change moves working-hours deadlines (its public
# holidays are resource.calendar.leaves, which tell it themselves)
WORK_TIME_FIELDS = ("attendance_ids", "tz")


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & set(WORK_TIME_FIELDS):
            self._hypercare_sla_refresh()
        return res

    def _hypercare_sla_refresh(self, companies=None):
        """Working time changed: recompute the running business-hours clocks
        of the open tickets of the charters counting on these calendars, and
        of every charter of ``companies`` (their company-wide public holidays
        changed: those apply to each calendar of the company)."""
        domain = Domain(
            [
                "|",
                ("calendar_id", "in", self.ids),
                "&",
                ("calendar_id", "=", False),
                ("company_id.resource_calendar_id", "in", self.ids),
            ]
        )
        if companies:
            domain |= Domain("company_id", "in", companies.ids)
        elif not self:
            return
        Charter = self.env["hypercare.charter"].sudo()
        charters = Charter.with_context(active_test=False).search(domain)
        charters._hypercare_sla_refresh_calendar()

    def _hypercare_work_intervals(self, lo, hi):
        """Work intervals (time zone and public holidays included) between two
        naive UTC datetimes: ``(starts, stops, cumulated)``, naive UTC, with
        the working seconds before each interval."""
        intervals = self._work_intervals_batch(utc.localize(lo), utc.localize(hi))[
            False
        ]
        starts, stops, cumulated = [], [], []
        total = 0.0
        for begin, end, _meta in intervals:
            begin = begin.astimezone(utc).replace(tzinfo=None)
            end = end.astimezone(utc).replace(tzinfo=None)
            if end <= begin:
                continue
            starts.append(begin)
            stops.append(end)
            cumulated.append(total)
            total += (end - begin).total_seconds()
        return starts, stops, cumulated

    def _hypercare_add_working_hours(self, requests):
        """Add working hours of this calendar to many start datetimes at once.

        ``requests`` is a list of ``(start, hours)`` with naive UTC starts; returns
        the naive UTC datetimes reached. Work intervals (time zone and public
        holidays included) are computed once for the span of the whole batch, then
        each request is two binary searches: no calendar query per ticket.
        """
        if not requests:
            return []
        self.ensure_one()
        lo = min(start for start, _hours in requests)
        hi = max(start for start, _hours in requests)
        span_days = max(14, int(max(hours for _start, hours in requests) / 4) + 14)
        while True:
            starts, stops, cum_start = self._hypercare_work_intervals(
                lo, hi + timedelta(days=span_days)
            )
            cum_end = [
                cs + (stop - start).total_seconds()
                for start, stop, cs in zip(starts, stops, cum_start, strict=True)
            ]
            results = []
            for start, hours in requests:
                index = bisect_right(stops, start)
                if index == len(stops):
                    break
                begin = max(start, starts[index])
                target = (
                    cum_start[index]
                    + (begin - starts[index]).total_seconds()
                    + hours * 3600.0
                )
                end_index = bisect_left(cum_end, target - 1e-6)
                if end_index == len(cum_end):
                    break
                results.append(
                    starts[end_index]
                    + timedelta(seconds=round(target - cum_start[end_index]))
                )
            if len(results) == len(requests):
                return results
            if span_days > 3660:
                raise UserError(
                    self.env._(
                        "Working hours %(calendar)s have no working time to plan SLA "
                        "deadlines in.",
                        calendar=self.display_name,
                    )
                )
            span_days *= 4

    def _hypercare_working_hours_between(self, spans):
        """Working hours of this calendar within many ``(start, end)`` spans
        (naive UTC) at once: one interval computation for the whole batch."""
        if not spans:
            return []
        self.ensure_one()
        lo = min(start for start, _end in spans)
        hi = max(end for _start, end in spans)
        if hi <= lo:
            return [0.0] * len(spans)
        starts, stops, cumulated = self._hypercare_work_intervals(lo, hi)

        def worked(moment):
            """Working seconds from ``lo`` to ``moment``."""
            index = bisect_right(starts, moment) - 1
            if index < 0:
                return 0.0
            inside = min(moment, stops[index]) - starts[index]
            return cumulated[index] + inside.total_seconds()

        return [
            max(worked(end) - worked(start), 0.0) / 3600.0 if end > start else 0.0
            for start, end in spans
        ]


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _hypercare_scope(self):
        """``(calendars, companies)`` whose working time these leaves change:
        public holidays (leaves of no resource) of a calendar, and those of no
        calendar, which apply to every calendar of their company."""
        public = self.filtered(lambda leave: not leave.resource_id)
        company_wide = public.filtered(lambda leave: not leave.calendar_id)
        return public.calendar_id, company_wide.company_id

    @api.model
    def _hypercare_sla_refresh(self, *scopes):
        """Recompute the running business-hours clocks that the calendars and
        companies of ``scopes`` (``_hypercare_scope`` results) count on."""
        calendars = self.env["resource.calendar"]
        companies = self.env["res.company"]
        for scope_calendars, scope_companies in scopes:
            calendars |= scope_calendars
            companies |= scope_companies
        calendars._hypercare_sla_refresh(companies)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self._hypercare_sla_refresh(leaves._hypercare_scope())
        return leaves

    def write(self, vals):
        before = self._hypercare_scope()
        res = super().write(vals)
        self._hypercare_sla_refresh(before, self._hypercare_scope())
        return res

    def unlink(self):
        before = self._hypercare_scope()
        res = super().unlink()
        self._hypercare_sla_refresh(before)
        return res
