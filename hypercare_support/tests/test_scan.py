from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestScan(HypercareCase):
    """The scheduled scan: flags, notifications once per transition,
    escalation of breached P1/P2 and one digest per run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_severity("critical", 1.0, 4.0)
        cls._set_severity("high", 2.0, 16.0)
        cls._set_severity("medium", 4.0, 24.0)

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: "SLA" in (m.body or ""))

    def test_nothing_due_does_nothing(self):
        with freeze_time(NOW):
            tickets = self._create_ticket("high") | self._create_ticket("medium")
        with freeze_time(NOW + timedelta(minutes=30)):
            self.assertEqual(self._scan(), 0)
            self.assertEqual(set(tickets.mapped("sla_response_status")), {"ongoing"})

    def test_transitions_notified_once(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("medium", user_ids=[self.champion_user.id])
            self.assertEqual(ticket.sla_next_check, NOW + timedelta(hours=3))
        with freeze_time(NOW + timedelta(hours=3)):
            self.assertEqual(self._scan(), 1)
            self.assertEqual(ticket.sla_response_status, "at_risk")
            self.assertEqual(ticket.sla_response_notified, "at_risk")
            self.assertEqual(len(self._notes(ticket)), 1)
            activities = ticket.activity_ids
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.champion_user)
            # a second run at the same time finds nothing and sends nothing
            self.assertEqual(self._scan(), 0)
            self.assertEqual(len(self._notes(ticket)), 1)
            self.assertEqual(ticket.sla_next_check, NOW + timedelta(hours=4, seconds=1))
        with freeze_time(NOW + timedelta(hours=5)):
            self._scan()
            self._scan()
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertEqual(len(self._notes(ticket)), 2)
            self.assertEqual(len(ticket.activity_ids), 2)
            # medium tickets are not escalated automatically
            self.assertEqual(ticket.support_layer, "l1")

    def test_breach_escalates_high_and_critical(self):
        with freeze_time(NOW):
            high = self._create_ticket("high")
            critical = self._create_ticket("critical", support_layer="l3")
        with freeze_time(NOW + timedelta(hours=3)):
            self._scan()
            self.assertEqual(high.sla_response_status, "failed")
            self.assertEqual(high.support_layer, "l2")
            self.assertEqual(critical.support_layer, "l4")
        with freeze_time(NOW + timedelta(hours=6)):
            self._scan()
            # critical resolution now failed too: already at L4, stays there
            self.assertEqual(critical.sla_resolution_status, "failed")
            self.assertEqual(critical.support_layer, "l4")
            # the high ticket's response breach was escalated once only
            self.assertEqual(high.support_layer, "l2")

    def test_one_digest_per_run(self):
        with freeze_time(NOW):
            tickets = self.env[self.ticket_model]
            for index in range(5):
                tickets |= self._create_ticket("critical", name=f"Blocked {index}")
        before = len(self.charter.message_ids)
        with freeze_time(NOW + timedelta(hours=2)):
            self.assertEqual(self._scan(), 5)
            digests = self.charter.message_ids[: len(self.charter.message_ids) - before]
            self.assertEqual(len(digests), 1)
            self.assertIn(self.manager.partner_id, digests.partner_ids)
            for ticket in tickets:
                self.assertIn(ticket.name, digests.body)
            self.assertEqual(self._scan(), 0)
            self.assertEqual(len(self.charter.message_ids), before + 1)

    def test_one_digest_per_run_whatever_the_batches(self):
        """Five breaches in batches of two: one digest, not three."""
        with freeze_time(NOW):
            tickets = self.env[self.ticket_model]
            for index in range(5):
                tickets |= self._create_ticket("critical", name=f"Stuck {index}")
        before = len(self.charter.message_ids)
        with freeze_time(NOW + timedelta(hours=2)):
            self.assertEqual(
                self.env[self.ticket_model].sudo()._sla_scan(batch_size=2), 5
            )
        digests = self.charter.message_ids[: len(self.charter.message_ids) - before]
        self.assertEqual(len(digests), 1)
        for ticket in tickets:
            self.assertIn(ticket.name, digests.body)
        self.assertFalse(tickets.filtered("sla_digest_pending"))

    def test_digest_of_a_run_cut_short_goes_with_the_next(self):
        """A run that stopped after its batches (its marks committed) lost
        no digest line: the next run sends them, once."""
        with freeze_time(NOW):
            tickets = self._create_ticket("critical", name="Left 1") | (
                self._create_ticket("critical", name="Left 2")
            )
        Ticket = type(self.env[self.ticket_model])
        before = len(self.charter.message_ids)
        with (
            freeze_time(NOW + timedelta(hours=2)),
            patch.object(Ticket, "_sla_send_digests", lambda self: None),
        ):
            self._scan()
        self.assertEqual(len(self.charter.message_ids), before)
        self.assertEqual(tickets.mapped("sla_digest_pending"), [True, True])
        with freeze_time(NOW + timedelta(hours=2, minutes=5)):
            self.assertEqual(self._scan(), 0)
        digests = self.charter.message_ids[: len(self.charter.message_ids) - before]
        self.assertEqual(len(digests), 1)
        self.assertIn("Left 2", digests.body)

    def test_at_risk_then_failed_in_one_go(self):
        """A ticket nobody scanned before its deadline notifies the breach only."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=3)):
            self._scan()
            self.assertEqual(ticket.sla_response_notified, "failed")
            self.assertEqual(len(self._notes(ticket)), 1)

    def test_status_set_by_write_is_notified_by_scan(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            ticket.date_reported = NOW - timedelta(hours=3)
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertLessEqual(ticket.sla_next_check, NOW)
            self.assertEqual(self._scan(), 1)
            self.assertEqual(len(self._notes(ticket)), 1)
            self.assertEqual(self._scan(), 0)

    def test_closed_paused_and_cancelled_not_scanned(self):
        with freeze_time(NOW):
            done = self._create_ticket("high")
            paused = self._create_ticket("high")
            cancelled = self._create_ticket("high")
            self._resolve(done)
            self._pause(paused)
            self._cancel(cancelled)
            self.assertFalse((done | paused | cancelled).filtered("sla_next_check"))
        with freeze_time(NOW + timedelta(days=3)):
            self.assertEqual(self._scan(), 0)

    def test_cron_job_runs_the_scan(self):
        cron = self.env.ref("hypercare_support.ir_cron_sla_scan")
        self.assertEqual(cron.interval_type, "minutes")
        self.assertEqual(cron.interval_number, 5)
        with freeze_time(NOW):
            ticket = self._create_ticket("critical")
        with freeze_time(NOW + timedelta(hours=2)):
            self.env["hypercare.charter"]._cron_sla_scan()
            self.assertEqual(ticket.sla_response_notified, "failed")

    def test_deadline_moved_back_allows_new_notification(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=3)):
            self._scan()
            self.assertEqual(ticket.sla_response_notified, "failed")
            # upgraded to a longer SLA: ongoing again, and can breach again later
            ticket.severity_id = self.sev["medium"]
            self.assertEqual(ticket.sla_response_status, "at_risk")
            self._scan()
            self.assertEqual(ticket.sla_response_notified, "at_risk")
        with freeze_time(NOW + timedelta(hours=5)):
            self._scan()
            self.assertEqual(ticket.sla_response_notified, "failed")
            # the first breach, then the second one: rearming told nobody
            self.assertEqual(len(self._notes(ticket)), 2)

    def test_one_lead_on_two_charters(self):
        """Activities for the same lead on tickets of two charters' carriers
        in one batch (Odoo's follower logic fails on a single create)."""
        with freeze_time(NOW):
            second = self._create_charter(name="Wave 2")
            # nobody assigned: the activities go to the incident lead
            first_ticket = self._create_ticket("critical", user_ids=[])
            second_ticket = self._create_ticket("critical", charter=second, user_ids=[])
            # the lead follows both projects (as their project manager would)
            for charter in self.charter | second:
                if charter.project_id:
                    charter.project_id.message_subscribe(self.manager.partner_id.ids)
        Model = type(self.env[self.ticket_model])
        with (
            freeze_time(NOW + timedelta(hours=2)),
            patch.object(
                Model,
                "_sla_scan_process",
                autospec=True,
                side_effect=Model._sla_scan_process,
            ) as process,
        ):
            self.assertEqual(self._scan(), 2)
            # one batch, processed at the first try (no split after a failure)
            self.assertEqual(process.call_count, 1)
            for ticket in first_ticket | second_ticket:
                self.assertEqual(ticket.sla_response_notified, "failed")
                # the scan's activity (the critical alert's are the on-call's)
                sla = ticket.activity_ids.filtered(
                    lambda a: not a.summary.startswith("Critical issue")
                )
                self.assertEqual(sla.user_id, self.manager)
                self.assertEqual(len(self._notes(ticket)), 1)
