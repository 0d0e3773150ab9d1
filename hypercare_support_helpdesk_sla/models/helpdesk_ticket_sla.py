from datetime import timedelta

from odoo import fields, models


class HelpdeskTicketSla(models.Model):
    """SLA lines of a charter's BAU policies count like the BAU matrix did:
    from the ticket's report date, in the charter's working hours for a row in
    business hours, else in wall-clock hours (helpdesk_mgmt_sla alone counts
    every policy of a team in the team's calendar, from the ticket's creation)."""

    _inherit = "helpdesk.ticket.sla"

    def _hypercare_lines(self):
        return self.filtered(lambda line: line.sla_id.hypercare_charter_id)

    def _hypercare_plan(self, hours, start):
        """The moment ``hours`` of this line's policy after ``start``."""
        self.ensure_one()
        calendar = self.sla_id.hypercare_calendar_id
        if calendar:
            return calendar.plan_hours(hours, start, compute_leaves=True)
        return start + timedelta(hours=hours)

    def _hypercare_hours_between(self, start, end):
        """Hours of this line's policy from ``start`` to ``end``."""
        self.ensure_one()
        calendar = self.sla_id.hypercare_calendar_id
        if calendar:
            return calendar.get_work_hours_count(start, end, compute_leaves=True)
        return max((end - start).total_seconds() / 3600, 0.0)

    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        for line in self._hypercare_lines():
            if line.last_state_date:
                # while the ticket is on hold the clock has not started
                line.last_state_date = line.ticket_id.date_reported or (
                    line.last_state_date
                )
        return res

    def _compute_deadline(self):
        ours = self._hypercare_lines()
        res = super(HelpdeskTicketSla, self - ours)._compute_deadline()
        for line in ours:
            if line.state in ("accomplished", "expired") and line.deadline:
                continue  # a clock that stopped keeps its deadline
            start = line.last_state_date or line.ticket_id.create_date
            line.deadline = line._hypercare_plan(line.hours - line.consumed_time, start)
        return res

    def _stage_recompute(self):
        if not self._hypercare_lines():
            return super()._stage_recompute()
        running = self.state == "in_progress"
        since, consumed = self.last_state_date, self.consumed_time
        res = super()._stage_recompute()
        if running and since:
            # helpdesk_mgmt_sla counted the time in the team's calendar
            self.consumed_time = consumed + self._hypercare_hours_between(
                since, fields.Datetime.now()
            )
        return res
