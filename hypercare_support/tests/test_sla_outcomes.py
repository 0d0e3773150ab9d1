from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)
FRIDAY = datetime(2026, 11, 20, 14, 0)  # 15:00 in Brussels
DEADLINES = (
    "response_warning_date",
    "response_deadline",
    "resolution_warning_date",
    "resolution_deadline",
)
OUTCOME = (*DEADLINES, "sla_response_status", "sla_resolution_status")


class SlaOutcomeCase(HypercareCase):
    """SLA outcomes that cannot flip (SPEC.md "SLA semantics"): pause time
    extends the running clocks only, met / failed is final whatever is edited
    afterwards, open tickets are recomputed in batches, a stage's "Pauses SLA"
    flag starts and ends pauses, the exit gate judges paused tickets as the
    tickets do, empty fields never stop the scan, a closed charter is quiet."""

    # who may set a stage's SLA flags: a hypercare manager (Odoo's to-do app
    # lets every internal user edit unowned project stages) ...
    stage_manager_groups = "base.group_user,hypercare_support.group_hypercare_manager"
    # ... and who may edit the carrier's stages but not their SLA flags
    stage_admin_groups = "base.group_user,project.group_project_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_severity("critical", 1.0, 4.0)
        cls._set_severity("high", 2.0, 16.0)
        cls.stage_manager = new_test_user(
            cls.env,
            login="hc_stage_manager",
            name="Stella Stages",
            groups=cls.stage_manager_groups,
        )
        cls.stage_admin = new_test_user(
            cls.env,
            login="hc_stage_admin",
            name="Sam Stages",
            groups=cls.stage_admin_groups,
        )
        cls.scan_cron = cls.env.ref("hypercare_support.ir_cron_sla_scan")

    # -- helpers ---------------------------------------------------------------

    def _move(self, ticket, user=None, **flags):
        """Move ``ticket`` to its first stage with ``flags``, as ``user``
        (default the champion)."""
        stage = self._stage(ticket, **flags)
        ticket.with_user(user or self.champion_user).write({"stage_id": stage.id})

    def _pause_as_champion(self, ticket):
        self._move(ticket, hypercare_pauses_sla=True)

    def _resume_as_champion(self, ticket):
        self._move(ticket, hypercare_pauses_sla=False, hypercare_resolves=False)

    def _acknowledge(self, ticket):
        ticket.with_user(self.champion_user).action_hypercare_acknowledge()

    def _sla_outcome(self, ticket):
        return {fname: ticket[fname] for fname in OUTCOME}

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: "SLA" in (m.body or ""))

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.scan_cron.id)]
        )

    def _batch(self, size):
        """Recompute at most ``size`` tickets in the editing request."""
        return patch.object(
            type(self.env[self.ticket_model]), "_sla_refresh_batch", size
        )

    def _pausing_flag(self, stage, value, user=None):
        stage.with_user(user or self.stage_manager).write(
            {"hypercare_pauses_sla": value}
        )


@tagged("-at_install", "post_install")
class TestSlaOutcomes(SlaOutcomeCase):
    """Pauses, edits after the fact, batches and stage flags (items 1-4)."""

    # -- (1) pause time extends the running clocks only -----------------------
    def test_pause_after_late_response_keeps_the_failure(self):
        """SPEC's P2: 2 h response, reported at 09:00, acknowledged at 11:30
        (response failed), waiting for the user from 14:00 to 09:00 the next
        day. The 19 paused hours move the resolution deadline only."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=2, minutes=30)):
            self._acknowledge(ticket)
            self.assertEqual(ticket.sla_response_status, "failed")
        with freeze_time(NOW + 5 * HOUR):
            self._pause_as_champion(ticket)
            self.assertEqual(ticket.hypercare_state, "paused")
        with freeze_time(NOW + 24 * HOUR):
            self._resume_as_champion(ticket)
            self.assertEqual(ticket.hypercare_state, "open")
            self.assertAlmostEqual(ticket.sla_paused_hours, 19.0)
            self.assertEqual(ticket.sla_response_paused_hours, 0.0)
            self.assertEqual(ticket.response_deadline, NOW + 2 * HOUR)
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertTrue(ticket.sla_breached)
            # 16 h + 19 h paused: 20:00 the next day
            self.assertEqual(ticket.resolution_deadline, NOW + 35 * HOUR)
            self.assertEqual(ticket.sla_resolution_status, "ongoing")
            self._scan()
            self.assertEqual(ticket.sla_response_status, "failed")
        with freeze_time(NOW + 30 * HOUR):
            self._resolve(ticket)
            self.assertEqual(ticket.sla_resolution_status, "met")
            self.assertEqual(ticket.sla_response_status, "failed")

    def test_first_response_during_a_pause(self):
        """Acknowledged while waiting for the user: the response clock gets
        the part of the pause before the first response, no more."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=1, minutes=30)):
            self._pause_as_champion(ticket)
        with freeze_time(NOW + 3 * HOUR):
            self._acknowledge(ticket)
            self.assertAlmostEqual(ticket.sla_response_paused_hours, 1.5)
            self.assertEqual(ticket.response_deadline, NOW + 3.5 * HOUR)
            self.assertEqual(ticket.sla_response_status, "met")
        with freeze_time(NOW + 6 * HOUR):
            self._resume_as_champion(ticket)
            self.assertAlmostEqual(ticket.sla_paused_hours, 4.5)
            self.assertAlmostEqual(ticket.sla_response_paused_hours, 1.5)
            self.assertEqual(ticket.response_deadline, NOW + 3.5 * HOUR)
            self.assertEqual(ticket.sla_response_status, "met")
            self.assertEqual(ticket.resolution_deadline, NOW + 20.5 * HOUR)

    def test_pause_counted_in_working_hours(self):
        """Paused Friday 16:00 to Monday 10:00 (Brussels): two working hours."""
        self._set_severity("medium", 4.0, 16.0, business=True)
        with freeze_time(FRIDAY):
            ticket = self._create_ticket("medium")
            # Friday 15:00-17:00 and Monday 09:00-11:00 local
            self.assertEqual(ticket.response_deadline, datetime(2026, 11, 23, 10, 0))
        with freeze_time(FRIDAY + HOUR):
            self._pause_as_champion(ticket)
        with freeze_time(datetime(2026, 11, 23, 9, 0)):
            self._resume_as_champion(ticket)
            self.assertAlmostEqual(ticket.sla_paused_business_hours, 2.0)
            self.assertAlmostEqual(ticket.sla_response_paused_business_hours, 2.0)
            # the same pause on the wall clock: Friday 15:00 to Monday 09:00 UTC
            self.assertAlmostEqual(ticket.sla_paused_hours, 66.0)
            self.assertEqual(ticket.response_deadline, datetime(2026, 11, 23, 12, 0))
            # Friday 2 h, Monday 8 h, Tuesday 6 h, plus 2 h paused: 17:00 local
            self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 24, 16, 0))

    # -- (2) met / failed is final; open tickets recomputed in batches --------

    def test_severity_edit_keeps_closed_outcomes(self):
        severity = self.sev["high"]
        with freeze_time(NOW):
            resolved = self._create_ticket("high", name="Resolved in an hour")
            late = self._create_ticket("high", name="Acknowledged late")
            running = self._create_ticket("high", name="Still waiting")
        with freeze_time(NOW + HOUR):
            self._resolve(resolved)
        with freeze_time(NOW + 3 * HOUR):
            self._acknowledge(late)
        closed = self._sla_outcome(resolved)
        late_response = {f: late[f] for f in OUTCOME if "response" in f}
        self.assertEqual(closed["sla_resolution_status"], "met")
        self.assertEqual(late_response["sla_response_status"], "failed")
        with freeze_time(NOW + 4 * HOUR):
            # a champion cannot change the matrix
            with self.assertRaises(AccessError):
                severity.with_user(self.champion_user).response_hours = 8.0
            # longer response time: the late answer would now be in time
            severity.with_user(self.manager).response_hours = 8.0
            self.assertEqual(self._sla_outcome(resolved), closed)
            self.assertEqual({f: late[f] for f in late_response}, late_response)
            self.assertEqual(running.response_deadline, NOW + 8 * HOUR)
            self.assertEqual(running.sla_response_status, "ongoing")
            # shorter times: the hour it took would now be a breach
            severity.with_user(self.manager).write(
                {"response_hours": 0.5, "resolution_hours": 0.75, "warning_ratio": 0.5}
            )
            self.assertEqual(self._sla_outcome(resolved), closed)
            self.assertEqual({f: late[f] for f in late_response}, late_response)
            # the clocks still running follow the matrix
            self.assertEqual(late.resolution_deadline, NOW + 0.75 * HOUR)
            self.assertEqual(late.sla_resolution_status, "failed")
            self.assertEqual(running.response_warning_date, NOW + 0.25 * HOUR)
            self.assertEqual(running.response_deadline, NOW + 0.5 * HOUR)
            self.assertEqual(running.sla_response_status, "failed")
            self.assertEqual(running.sla_resolution_status, "failed")
            self.assertLessEqual(running.sla_next_check, NOW + 4 * HOUR)
            # the scan then notifies the new breaches, and only those
            self.assertEqual(self._scan(), 2)
            self.assertFalse(self._notes(resolved))
            self.assertEqual(self._sla_outcome(resolved), closed)

    def test_regrade_keeps_stopped_clocks(self):
        """A P2 answered late, then regraded P3 (4 h to answer): the response
        stays failed, the resolution clock (still running) follows the new
        severity; an earlier report date moves the running clock only."""
        self._set_severity("medium", 4.0, 24.0)
        champion = self.champion_user
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + 3 * HOUR):
            self._acknowledge(ticket)
            ticket.with_user(champion).severity_id = self.sev["medium"]
            self.assertEqual(ticket.response_deadline, NOW + 2 * HOUR)
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertEqual(ticket.resolution_deadline, NOW + 24 * HOUR)
            ticket.with_user(champion).date_reported = NOW - HOUR
            self.assertEqual(ticket.response_deadline, NOW + 2 * HOUR)
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertEqual(ticket.resolution_deadline, NOW + 23 * HOUR)
        with freeze_time(NOW + 5 * HOUR):
            self._resolve(ticket)
            closed = self._sla_outcome(ticket)
            self.assertEqual(closed["sla_resolution_status"], "met")
            ticket.with_user(champion).severity_id = self.sev["critical"]
            self.assertEqual(self._sla_outcome(ticket), closed)

    def test_calendar_edits_keep_closed_outcomes(self):
        """A new calendar on the charter, then a public holiday in it: the
        open business-hours ticket follows, the resolved one does not move."""
        self._set_severity("medium", 4.0, 16.0, business=True)
        with freeze_time(FRIDAY):
            open_ticket = self._create_ticket("medium")
            resolved = self._create_ticket("medium")
            # Friday 15:00-17:00 and Monday 09:00-11:00 local
            self.assertEqual(
                open_ticket.response_deadline, datetime(2026, 11, 23, 10, 0)
            )
        with freeze_time(FRIDAY + HOUR):
            self._resolve(resolved)
        closed = self._sla_outcome(resolved)
        long_days = self.env["resource.calendar"].create(
            {
                "name": "Brussels 8-18",
                "tz": "Europe/Brussels",
                "company_id": self.company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8.0,
                            "hour_to": 18.0,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        with freeze_time(FRIDAY + 2 * HOUR):
            self.charter.with_user(self.manager).calendar_id = long_days
            # Friday 15:00-18:00 and Monday 08:00-09:00 local
            self.assertEqual(
                open_ticket.response_deadline, datetime(2026, 11, 23, 8, 0)
            )
            self.assertEqual(self._sla_outcome(resolved), closed)
            # Monday becomes a public holiday of that calendar
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Public holiday",
                    "calendar_id": long_days.id,
                    "date_from": datetime(2026, 11, 22, 23, 0),
                    "date_to": datetime(2026, 11, 23, 22, 59, 59),
                    "resource_id": False,
                    "time_type": "leave",
                }
            )
            self.assertEqual(
                open_ticket.response_deadline, datetime(2026, 11, 24, 8, 0)
            )
            # and its days shorten again: 9 to 17
            long_days.write(
                {
                    "attendance_ids": [
                        (1, line.id, {"hour_from": 9.0, "hour_to": 17.0})
                        for line in long_days.attendance_ids
                    ]
                }
            )
            self.assertEqual(
                open_ticket.response_deadline, datetime(2026, 11, 24, 10, 0)
            )
            self.assertEqual(self._sla_outcome(resolved), closed)

    def test_stage_flag_edit_keeps_closed_outcomes(self):
        with freeze_time(NOW):
            resolved = self._create_ticket("high")
        with freeze_time(NOW + 3 * HOUR):
            self._resolve(resolved)
        closed = self._sla_outcome(resolved)
        self.assertEqual(closed["sla_response_status"], "failed")
        with freeze_time(NOW + 4 * HOUR):
            self._pausing_flag(resolved.stage_id, True)
            self.assertEqual(resolved.hypercare_state, "done")
            self.assertEqual(self._sla_outcome(resolved), closed)
        with freeze_time(NOW + 9 * HOUR):
            self._pausing_flag(resolved.stage_id, False)
            self.assertEqual(self._sla_outcome(resolved), closed)
            self.assertFalse(resolved.sla_paused_hours)

    def test_recompute_in_batches(self):
        """Two tickets recomputed by the edit, the other three left stale to
        the scan, triggered at once; a run cut short reports what is left and
        the next run finishes. The resolved ticket is never touched."""
        with freeze_time(NOW):
            tickets = self.env[self.ticket_model]
            for index in range(5):
                tickets |= self._create_ticket("high", name=f"Open {index}")
            resolved = self._create_ticket("high", name="Resolved")
        with freeze_time(NOW + HOUR):
            self._resolve(resolved)
        closed = self._sla_outcome(resolved)
        triggers = self._triggers()
        edited = NOW + timedelta(minutes=30)
        with freeze_time(edited), self._batch(2):
            self.sev["high"].with_user(self.manager).resolution_hours = 8.0
            first, rest = tickets[:2], tickets[2:]
            self.assertEqual(set(first.mapped("resolution_deadline")), {NOW + 8 * HOUR})
            self.assertFalse(any(first.mapped("sla_stale_since")))
            self.assertEqual(set(rest.mapped("resolution_deadline")), {NOW + 16 * HOUR})
            self.assertEqual(set(rest.mapped("sla_stale_since")), {edited})
            self.assertEqual(set(rest.mapped("sla_next_check")), {edited})
            self.assertEqual(self._triggers(), triggers + 1)
            self.assertEqual(self._sla_outcome(resolved), closed)
        with freeze_time(edited + timedelta(minutes=1)):
            # a cron run out of time after one ticket: two still due
            progress = self.env["ir.cron.progress"].create(
                {"cron_id": self.scan_cron.id, "done": 0, "remaining": 0}
            )
            Cron = type(self.env["ir.cron"])
            with patch.object(Cron, "_commit_progress", return_value=0.0) as commit:
                self.env[self.ticket_model].sudo().with_context(
                    ir_cron_progress_id=progress.id, cron_id=self.scan_cron.id
                )._sla_scan(batch_size=1)
            self.assertEqual(commit.call_args_list[-1].kwargs, {"remaining": 2})
            self.assertEqual(len(rest.filtered("sla_stale_since")), 2)
            # the next run finishes the job
            self.env["hypercare.charter"]._cron_sla_scan()
            self.assertFalse(any(tickets.mapped("sla_stale_since")))
            self.assertEqual(
                set(tickets.mapped("resolution_deadline")), {NOW + 8 * HOUR}
            )
            self.assertEqual(set(tickets.mapped("sla_response_status")), {"ongoing"})
            self.assertEqual(set(tickets.mapped("sla_next_check")), {NOW + 1.5 * HOUR})
            self.assertEqual(self._sla_outcome(resolved), closed)
            self.assertFalse(self._notes(resolved))

    def test_stale_ticket_resolved_before_the_scan(self):
        """Resolved while its recompute waits for the scan: its clocks
        stopped, the scan leaves them as they were."""
        with freeze_time(NOW):
            tickets = self._create_ticket("high") | self._create_ticket("high")
            self.env.flush_all()  # as the request creating them would
        with freeze_time(NOW + HOUR), self._batch(1):
            self.sev["high"].with_user(self.manager).resolution_hours = 8.0
            stale = tickets.filtered("sla_stale_since")
            self.assertEqual(len(stale), 1)
            self._resolve(stale)
            outcome = self._sla_outcome(stale)
            self._scan()
            self.assertFalse(stale.sla_stale_since)
            self.assertEqual(self._sla_outcome(stale), outcome)
            self.assertEqual(stale.resolution_deadline, NOW + 16 * HOUR)

    # -- (3) marking or unmarking a stage "Pauses SLA" ------------------------

    def test_stage_flag_starts_and_ends_pauses(self):
        with freeze_time(NOW):
            fresh = self._create_ticket("high", name="Not answered yet")
            answered = self._create_ticket("high", name="Answered")
        with freeze_time(NOW + timedelta(minutes=30)):
            self._acknowledge(answered)
        stage = fresh.stage_id
        self.assertEqual(answered.stage_id, stage)
        with freeze_time(NOW + HOUR):
            # neither a champion nor a stage administrator may stop clocks
            for user in self.champion_user | self.stage_admin:
                with self.assertRaises(AccessError):
                    self._pausing_flag(stage, True, user=user)
            self.assertEqual(fresh.hypercare_state, "open")
            self._pausing_flag(stage, True)
            for ticket in fresh | answered:
                self.assertEqual(ticket.hypercare_state, "paused")
                self.assertEqual(ticket.sla_pause_start, NOW + HOUR)
                self.assertFalse(ticket.sla_next_check)
        with freeze_time(NOW + 5 * HOUR):
            # standing still since 10:00: not yet at risk, nothing to scan
            self.assertEqual(self._scan(), 0)
            self.assertEqual(fresh.sla_response_status, "ongoing")
            self._pausing_flag(stage, False)
            for ticket in fresh | answered:
                self.assertEqual(ticket.hypercare_state, "open")
                self.assertFalse(ticket.sla_pause_start)
                self.assertAlmostEqual(ticket.sla_paused_hours, 4.0)
                self.assertEqual(ticket.resolution_deadline, NOW + 20 * HOUR)
            self.assertAlmostEqual(fresh.sla_response_paused_hours, 4.0)
            self.assertEqual(fresh.response_deadline, NOW + 6 * HOUR)
            self.assertEqual(fresh.sla_response_status, "ongoing")
            self.assertEqual(fresh.sla_next_check, NOW + 5.5 * HOUR)
            self.assertEqual(answered.sla_response_paused_hours, 0.0)
            self.assertEqual(answered.response_deadline, NOW + 2 * HOUR)
            self.assertEqual(answered.sla_response_status, "met")
        with freeze_time(NOW + 5.5 * HOUR):
            self.assertEqual(self._scan(), 1)
            self.assertEqual(fresh.sla_response_notified, "at_risk")

    def test_stage_flag_in_batches_dates_from_the_edit(self):
        """Tickets left to the scan pause from the edit, not from the scan."""
        with freeze_time(NOW):
            tickets = self.env[self.ticket_model]
            for index in range(3):
                tickets |= self._create_ticket("high", name=f"Open {index}")
        stage = tickets[0].stage_id
        with freeze_time(NOW + HOUR), self._batch(1):
            self._pausing_flag(stage, True)
            self.assertEqual(tickets[0].hypercare_state, "paused")
            self.assertEqual(set(tickets[1:].mapped("hypercare_state")), {"open"})
        with freeze_time(NOW + 2 * HOUR):
            self._scan()
            self.assertEqual(set(tickets.mapped("hypercare_state")), {"paused"})
            self.assertEqual(set(tickets.mapped("sla_pause_start")), {NOW + HOUR})
            self.assertFalse(any(tickets.mapped("sla_stale_since")))
        with freeze_time(NOW + 4 * HOUR), self._batch(1):
            self._pausing_flag(stage, False)
        with freeze_time(NOW + 6 * HOUR):
            self._scan()
            self.assertEqual(set(tickets.mapped("hypercare_state")), {"open"})
            for ticket in tickets:
                self.assertAlmostEqual(ticket.sla_paused_hours, 3.0)
            self.assertEqual(set(tickets.mapped("response_deadline")), {NOW + 5 * HOUR})

    # -- (4) the exit gate judges a paused ticket as the ticket does ----------

    def test_exit_gate_agrees_with_paused_ticket(self):
        """P1: 4 h to resolve. One waits for the user from 2 h on (its clocks
        stand still before the deadline), one from 5 h on (already late)."""
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.kind == "sla_critical_high"
        ).with_user(self.manager)
        with freeze_time(NOW):
            in_time = self._create_ticket("critical", name="Resolved in time")
            early = self._create_ticket("critical", name="Paused in time")
            late = self._create_ticket("critical", name="Paused too late")
        with freeze_time(NOW + HOUR):
            self._resolve(in_time)
        with freeze_time(NOW + 2 * HOUR):
            self._pause_as_champion(early)
        with freeze_time(NOW + 5 * HOUR):
            self._pause_as_champion(late)
        with freeze_time(NOW + 8 * HOUR):
            # both past their stored deadline now; only the late one was
            # past it when its clocks stopped
            self.assertEqual(early.sla_resolution_status, "ongoing")
            self.assertEqual(late.sla_resolution_status, "failed")
            self.env.invalidate_all()
            # 1 within SLA of 2 resolved or past their deadline: the paused
            # one that stood still in time is neither
            self.assertEqual(criterion.current_value, 50.0)
            self._resolve(late)
        with freeze_time(NOW + 9 * HOUR):
            self.assertEqual(late.sla_resolution_status, "failed")
            self.env.invalidate_all()
            self.assertEqual(criterion.current_value, 50.0)
            # the report carries what the rule reads
            row = self.env["hypercare.ticket.report"].search(
                [("res_id", "=", early.id), ("res_model", "=", self.ticket_model)]
            )
            self.assertEqual(row.state, "paused")
            self.assertEqual(row.sla_pause_start, NOW + 2 * HOUR)
