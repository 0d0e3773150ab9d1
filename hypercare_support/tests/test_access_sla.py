from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase

# SLA bookkeeping a create or a write might try to forge
BOOKKEEPING = {
    "date_acknowledged": "2026-11-23 08:59:00",
    "date_triaged": "2026-11-23 08:59:00",
    "date_resolved": "2026-11-23 08:59:00",
    "sla_pause_start": "2026-11-23 08:00:00",
    "sla_paused_hours": 100.0,
    "response_deadline": "2027-01-01 00:00:00",
    "resolution_deadline": "2027-01-01 00:00:00",
    "response_warning_date": "2027-01-01 00:00:00",
    "sla_response_status": "met",
    "sla_resolution_status": "met",
    "sla_status": "met",
    "sla_breached": False,
    "sla_response_notified": "failed",
    "sla_resolution_notified": "failed",
    "sla_next_check": False,
}


@tagged("-at_install", "post_install")
class TestSlaBookkeeping(HypercareCase):
    """SLA bookkeeping cannot be forged (SPEC.md "Reliability and security"):
    nobody sets deadlines, statuses, notified marks or event dates through
    create or write, champions included; only the charter's champions set
    ``date_reported``, only earlier, never in the future, and every change of
    it is tracked."""

    # a user who may create and write the charter's tickets without being a
    # champion: a project user following the project (helpdesk: a helpdesk user)
    writer_groups = "base.group_user,project.group_project_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.writer = new_test_user(
            cls.env, login="hc_bk_writer", name="Percy Writer", groups=cls.writer_groups
        )
        cls.charter[cls.carrier_field].message_subscribe(cls.writer.partner_id.ids)
        cls._set_severity("critical", 1.0, 4.0)

    def _vals(self, **vals):
        return dict(
            self.env[self.ticket_model]._hypercare_carrier_vals(self.charter),
            **self._ticket_vals(dict({"name": "Stock valuation wrong"}, **vals)),
        )

    def test_create_cannot_set_bookkeeping(self):
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        before = Ticket.sudo().search_count([])
        with freeze_time(NOW):
            for fname, value in BOOKKEEPING.items():
                with (
                    self.subTest(field=fname),
                    self.assertRaisesRegex(AccessError, "The SLA engine keeps"),
                ):
                    Ticket.create(self._vals(**{fname: value}))
            # the control: the same create without it
            ticket = Ticket.create(self._vals(severity_id=self.sev["critical"].id))
        self.assertEqual(Ticket.sudo().search_count([]), before + 1)
        self.assertEqual(ticket.date_reported, NOW)
        self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=1))

    def test_context_defaults_set_no_bookkeeping(self):
        """Defaults smuggled in an RPC context are dropped."""
        context = {f"default_{fname}": value for fname, value in BOOKKEEPING.items()}
        context["default_date_reported"] = "2026-01-01 00:00:00"
        Ticket = (
            self.env[self.ticket_model]
            .with_user(self.champion_user)
            .with_context(**context)
        )
        with freeze_time(NOW):
            ticket = Ticket.create(self._vals(severity_id=self.sev["critical"].id))
            self.assertEqual(ticket.date_reported, NOW)
            self.assertFalse(ticket.date_resolved or ticket.date_acknowledged)
            self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=1))
            self.assertEqual(ticket.sla_response_status, "ongoing")
            self.assertFalse(ticket.sla_response_notified)

    def test_write_cannot_set_bookkeeping(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical")
        for user in (self.champion_user, self.manager):
            for fname, value in BOOKKEEPING.items():
                with (
                    self.subTest(user=user.login, field=fname),
                    freeze_time(NOW),
                    self.assertRaisesRegex(AccessError, "The SLA engine keeps"),
                ):
                    ticket.with_user(user).write({fname: value})
        # the champion's actions still record them, through the engine
        with freeze_time(NOW + timedelta(minutes=20)):
            ticket.with_user(self.champion_user).action_hypercare_acknowledge()
        self.assertEqual(ticket.date_acknowledged, NOW + timedelta(minutes=20))
        self.assertEqual(ticket.sla_response_status, "met")

    def test_only_champions_backdate(self):
        Ticket = self.env[self.ticket_model]
        earlier = NOW - timedelta(hours=3)
        with freeze_time(NOW):
            # a user who may create tickets but is no champion
            with self.assertRaisesRegex(AccessError, "Only hypercare champions"):
                Ticket.with_user(self.writer).create(self._vals(date_reported=earlier))
            ticket = Ticket.with_user(self.writer).create(self._vals())
            self.assertEqual(ticket.date_reported, NOW)
            with self.assertRaisesRegex(AccessError, "Only hypercare champions"):
                ticket.with_user(self.writer).write({"date_reported": earlier})
            # the charter's champion: a phoned-in issue, at creation or after
            phoned = Ticket.with_user(self.champion_user).create(
                self._vals(date_reported=earlier)
            )
            self.assertEqual(phoned.date_reported, earlier)
            ticket.with_user(self.champion_user).write({"date_reported": earlier})
            self.assertEqual(ticket.date_reported, earlier)

    def test_report_date_moves_only_earlier(self):
        """The browser incident: a champion moved a breached P1's "Reported
        On" later (the form saves with a write) and it turned back to
        ongoing."""
        with freeze_time(NOW - timedelta(hours=3)):
            ticket = self._create_ticket("critical")
        with freeze_time(NOW):
            ticket.invalidate_recordset()
            self._scan()
            self.assertEqual(ticket.sla_response_status, "failed")
            champion = ticket.with_user(self.champion_user)
            for value, error in (
                (NOW - timedelta(minutes=30), "only move earlier"),
                (NOW + timedelta(hours=1), "in the future"),
                (False, "keeps its report date"),
            ):
                with (
                    self.subTest(value=value),
                    self.assertRaisesRegex(ValidationError, error),
                ):
                    champion.write({"date_reported": value})
            ticket.invalidate_recordset()
            self.assertEqual(ticket.date_reported, NOW - timedelta(hours=3))
            self.assertEqual(ticket.sla_response_status, "failed")
            self.assertTrue(ticket.sla_breached)
            # earlier is fine, and the breach stays one
            champion.write({"date_reported": NOW - timedelta(hours=4)})
            self.assertEqual(ticket.sla_response_status, "failed")

    def test_report_date_changes_are_tracked(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            # as if created in an earlier transaction: its creation tracked
            self.env.cr.precommit.clear()
            ticket.with_user(self.champion_user).with_context(
                tracking_disable=False
            ).write({"date_reported": NOW - timedelta(hours=2)})
            # tracking values are written when the transaction commits
            self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", self.ticket_model),
                ("mail_message_id.res_id", "=", ticket.id),
                ("field_id.name", "=", "date_reported"),
            ]
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_datetime, NOW)
        self.assertEqual(tracked.new_value_datetime, NOW - timedelta(hours=2))
