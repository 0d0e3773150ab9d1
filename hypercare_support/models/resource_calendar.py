from bisect import bisect_left, bisect_right
from datetime import timedelta

from pytz import utc

from odoo import models
from odoo.exceptions import UserError


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

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
            intervals = self._work_intervals_batch(
                utc.localize(lo), utc.localize(hi + timedelta(days=span_days))
            )[False]
            starts, cum_start, cum_end = [], [], []
            total = 0.0
            for begin, end, _meta in intervals:
                begin = begin.astimezone(utc).replace(tzinfo=None)
                end = end.astimezone(utc).replace(tzinfo=None)
                if end <= begin:
                    continue
                starts.append(begin)
                cum_start.append(total)
                total += (end - begin).total_seconds()
                cum_end.append(total)
            stops = [
                start + timedelta(seconds=ce - cs)
                for start, cs, ce in zip(starts, cum_start, cum_end, strict=True)
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
