from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestSla(HypercareCase):
    """SLA arithmetic and statuses, per SPEC.md "SLA semantics"."""

    def test_wall_clock_deadlines_and_statuses(self):
        self._set_severity("critical", 1.0, 4.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("critical")
            self.assertEqual(ticket.date_reported, NOW)
            self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=1))
            self.assertEqual(ticket.resolution_deadline, NOW + timedelta(hours=4))
            self.assertEqual(ticket.sla_response_status, "ongoing")
            self.assertEqual(ticket.sla_resolution_status, "ongoing")
            self.assertFalse(ticket.sla_breached)
            self.assertTrue(ticket.hypercare_is_open)
        # 75 % of the response hour: at risk
        with freeze_time(NOW + timedelta(minutes=45)):
            self._scan()
            self.assertEqual(ticket.sla_response_status, "at_risk")
            self.assertEqual(ticket.sla_resolution_status, "ongoing")
        with freeze_time(NOW + timedelta(minutes=61)):
            self._scan()
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertTrue(ticket.sla_breached)
        with freeze_time(NOW + timedelta(hours=3)):
            self._scan()
            self.assertEqual(ticket.sla_resolution_status, "at_risk")
            self._resolve(ticket)
            self.assertEqual(ticket.date_resolved, NOW + timedelta(hours=3))
            self.assertEqual(ticket.sla_resolution_status, "met")
            # never acknowledged: closing counts as the first response, late
            self.assertEqual(ticket.date_acknowledged, NOW + timedelta(hours=3))
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertTrue(ticket.sla_breached)
            self.assertFalse(ticket.hypercare_is_open)

    def test_status_right_at_creation_when_reported_earlier(self):
        """A champion logs a phoned-in issue two hours after the call."""
        self._set_severity("critical", 1.0, 4.0)
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "critical", date_reported=NOW - timedelta(hours=2)
            )
            self.assertEqual(ticket.response_deadline, NOW - timedelta(hours=1))
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertEqual(ticket.sla_resolution_status, "ongoing")
            self.assertTrue(ticket.sla_breached)
            ticket.date_reported = NOW - timedelta(minutes=10)
            self.assertEqual(ticket.response_deadline, NOW + timedelta(minutes=50))
            self.assertEqual(ticket.sla_response_status, "ongoing")
            self.assertFalse(ticket.sla_breached)

    def test_future_report_date_refused(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            with self.assertRaises(ValidationError):
                ticket.date_reported = NOW + timedelta(days=1)
            self.assertEqual(ticket.date_reported, NOW)

    def test_acknowledge_meets_response(self):
        self._set_severity("high", 2.0, 16.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(minutes=90)):
            ticket.with_user(self.champion_user).action_hypercare_acknowledge()
            self.assertEqual(ticket.date_acknowledged, NOW + timedelta(minutes=90))
            self.assertEqual(ticket.sla_response_status, "met")
            self.assertEqual(ticket.sla_resolution_status, "ongoing")

    def test_plain_user_cannot_acknowledge(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", hypercare_reporter_id=self.user.id)
            ticket.message_subscribe(partner_ids=self.user.partner_id.ids)
            with self.assertRaises(UserError):
                ticket.with_user(self.user).action_hypercare_acknowledge()
            self.assertFalse(ticket.date_acknowledged)

    def test_severity_change_recomputes(self):
        self._set_severity("critical", 1.0, 4.0)
        self._set_severity("high", 2.0, 16.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            self.assertEqual(ticket.resolution_deadline, NOW + timedelta(hours=16))
        with freeze_time(NOW + timedelta(minutes=70)):
            ticket.severity_id = self.sev["critical"]
            self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=1))
            self.assertEqual(ticket.resolution_deadline, NOW + timedelta(hours=4))
            self.assertEqual(ticket.sla_response_status, "failed")

    def test_business_hours_across_weekend(self):
        # Brussels 9-17 Monday to Friday; November is CET (UTC+1)
        self._set_severity("medium", 4.0, 16.0, business=True)
        friday_3pm = datetime(2026, 11, 20, 14, 0)  # 15:00 in Brussels
        with freeze_time(friday_3pm):
            ticket = self._create_ticket("medium")
            # 2 h on Friday, 2 h on Monday from 09:00 local = 08:00 UTC
            self.assertEqual(ticket.response_deadline, datetime(2026, 11, 23, 10, 0))
            # 2 h Friday + 8 h Monday + 6 h Tuesday -> Tuesday 15:00 local
            self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 24, 14, 0))
            # at risk after 3 of the 4 working hours: Monday 10:00 local
            self.assertEqual(ticket.response_warning_date, datetime(2026, 11, 23, 9, 0))
        # the weekend does not count: still ongoing on Sunday night
        with freeze_time(datetime(2026, 11, 22, 22, 0)):
            self._scan()
            self.assertEqual(ticket.sla_response_status, "ongoing")
        with freeze_time(datetime(2026, 11, 23, 9, 30)):
            self._scan()
            self.assertEqual(ticket.sla_response_status, "at_risk")

    def test_business_hours_public_holiday(self):
        self._set_severity("medium", 4.0, 16.0, business=True)
        # Monday 23 November is a public holiday of this calendar (whole day, local)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 11, 22, 23, 0),
                "date_to": datetime(2026, 11, 23, 22, 59, 59),
                "resource_id": False,
                "time_type": "leave",
            }
        )
        with freeze_time(datetime(2026, 11, 20, 14, 0)):
            ticket = self._create_ticket("medium")
            # 2 h on Friday, Monday off, 2 h on Tuesday from 09:00 local
            self.assertEqual(ticket.response_deadline, datetime(2026, 11, 24, 10, 0))

    def test_business_hours_non_utc_time_zone(self):
        """The same working hours in Tokyo: the day starts at 00:00 UTC."""
        self.calendar.tz = "Asia/Tokyo"
        self._set_severity("medium", 1.0, 8.0, business=True)
        with freeze_time(datetime(2026, 11, 23, 7, 30)):  # 16:30 in Tokyo
            ticket = self._create_ticket("medium")
            # 30 min on Monday, 30 min on Tuesday from 09:00 Tokyo = 00:00 UTC
            self.assertEqual(ticket.response_deadline, datetime(2026, 11, 24, 0, 30))
            self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 24, 7, 30))

    def test_pause_extends_both_deadlines(self):
        self._set_severity("high", 2.0, 16.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=1)):
            self._pause(ticket)
            self.assertEqual(ticket.hypercare_state, "paused")
            self.assertTrue(ticket.hypercare_is_open)
        # three hours waiting for the user: past the original response deadline
        with freeze_time(NOW + timedelta(hours=4)):
            self.assertEqual(self._scan(), 0)
            self.assertEqual(ticket.sla_response_status, "ongoing")
            self._resume(ticket)
            self.assertAlmostEqual(ticket.sla_paused_hours, 3.0)
            self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=5))
            self.assertEqual(ticket.resolution_deadline, NOW + timedelta(hours=19))
            # one of the two response hours used: not yet at risk
            self.assertEqual(ticket.sla_response_status, "ongoing")
        with freeze_time(NOW + timedelta(hours=4, minutes=30)):
            self._scan()
            self.assertEqual(ticket.sla_response_status, "at_risk")

    def test_reopen_clears_resolution(self):
        self._set_severity("high", 2.0, 16.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + timedelta(hours=1)):
            self._resolve(ticket)
            self.assertEqual(ticket.sla_resolution_status, "met")
        with freeze_time(NOW + timedelta(hours=20)):
            self._reopen(ticket)
            self.assertFalse(ticket.date_resolved)
            self.assertTrue(ticket.hypercare_is_open)
            self.assertEqual(ticket.sla_resolution_status, "failed")
            # the first response stays
            self.assertEqual(ticket.sla_response_status, "met")

    def test_cancelled_has_no_sla(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            self._cancel(ticket)
            self.assertFalse(ticket.hypercare_is_open)
            self.assertFalse(ticket.sla_response_status)
            self.assertFalse(ticket.sla_resolution_status)
            self.assertFalse(ticket.sla_breached)
            self.assertFalse(ticket.sla_next_check)

    def test_default_severity_is_medium(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", severity_id=False)
            self.assertEqual(ticket.severity_id, self.sev["medium"])
            self.assertTrue(ticket.response_deadline)

    def test_reply_to_reporter_is_first_response(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", hypercare_reporter_id=self.user.id)
        with freeze_time(NOW + timedelta(minutes=20)):
            ticket.with_user(self.manager).message_post(
                body="Internal note",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.assertFalse(ticket.date_acknowledged)
            ticket.with_user(self.champion_user).message_post(
                body="Looking at it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertEqual(ticket.date_acknowledged, NOW + timedelta(minutes=20))
            self.assertEqual(ticket.sla_response_status, "met")

    def test_escalate_and_triage(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            champion_ticket = ticket.with_user(self.champion_user)
            champion_ticket.action_hypercare_escalate(reason="Needs the partner")
            self.assertEqual(ticket.support_layer, "l2")
            self.assertIn("Needs the partner", ticket.message_ids[0].body)
            champion_ticket.triage_decision = "workaround"
            champion_ticket.action_hypercare_triage()
            self.assertEqual(ticket.date_triaged, NOW)
            self.assertEqual(ticket.date_acknowledged, NOW)
