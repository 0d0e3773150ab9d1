from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestTriageBoard(HypercareCase):
    """The champions' kanban: quick actions, filters and triage sessions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.ticket = cls._create_ticket(
                cls, level="medium", hypercare_reporter_id=cls.user.id
            )
        cls.Session = cls.env["hypercare.triage.session"]

    def _quick_triage(self):
        """The champion's quick actions on the ticket's card, 10 minutes in."""
        ticket = self.ticket.with_user(self.champion_user)
        with freeze_time(NOW + timedelta(minutes=10)):
            ticket.action_hypercare_acknowledge()
            ticket.action_hypercare_set_severity("high")
            ticket.action_hypercare_set_decision("workaround")
            ticket.action_hypercare_assign_me()
            ticket.action_hypercare_triage()
        return ticket

    def test_action_opens_the_board_first(self):
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.champion_user)
            ._for_xml_id("hypercare_support.project_task_hypercare_action")
        )
        self.assertEqual(action["view_mode"].split(",")[0], "kanban")
        kanban = self.env.ref("hypercare_support.project_task_view_kanban_triage")
        self.assertEqual(list(action["views"][0]), [kanban.id, "kanban"])
        views = (
            self.env["project.task"]
            .with_user(self.champion_user)
            .get_views([(kanban.id, "kanban")])
        )
        arch = views["views"]["kanban"]["arch"]
        for needle in (
            "action_hypercare_acknowledge",
            "action_hypercare_set_severity",
            "action_hypercare_set_decision",
            "action_hypercare_escalate",
            "action_hypercare_assign_me",
            "hypercare_sla_countdown",
        ):
            self.assertIn(needle, arch)
        search = (
            self.env["project.task"]
            .with_user(self.champion_user)
            .get_views([(action["search_view_id"][0], "search")])["views"]["search"]
        )
        for name in ("new_since_triage", "breached", "at_risk", "mine"):
            self.assertIn(f'name="{name}"', search["arch"])

    def test_quick_actions(self):
        ticket = self._quick_triage()
        self.assertEqual(self.ticket.date_acknowledged, NOW + timedelta(minutes=10))
        self.assertEqual(self.ticket.severity_id, self.sev["high"])
        self.assertEqual(self.ticket.triage_decision, "workaround")
        self.assertIn(self.champion_user, self.ticket.user_ids)
        self.assertTrue(self.ticket.date_triaged)
        self.assertEqual(self.ticket.stage_id.name, "Triaged")
        with freeze_time(NOW + timedelta(minutes=12)):
            ticket.action_hypercare_escalate("Needs the functional lead")
        self.assertEqual(self.ticket.support_layer, "l2")
        # the champion's work is recorded as a triage session
        session = self.Session.search([("user_id", "=", self.champion_user.id)])
        self.assertEqual(len(session), 1)
        self.assertEqual(session.ticket_ids, self.ticket)
        self.assertEqual(session.charter_id, self.charter)

    def test_quick_actions_refused_to_users_and_bad_values(self):
        with self.assertRaises(UserError):
            self.ticket.with_user(self.user).action_hypercare_set_severity("high")
        with self.assertRaises(UserError):
            self.ticket.with_user(self.champion_user).action_hypercare_set_decision(
                "ignore"
            )
        self.sev["critical"].unlink()
        with self.assertRaisesRegex(UserError, "no critical severity"):
            self.ticket.with_user(self.champion_user).action_hypercare_set_severity(
                "critical"
            )
        self.assertEqual(self.ticket.severity_id, self.sev["medium"])
        self.assertFalse(self.ticket.triage_decision)

    def test_sessions_start_and_end(self):
        Session = self.Session.with_user(self.champion_user)
        # issue 12: starting and ending say what happened, then the board
        with freeze_time(NOW):
            action = Session.action_start()
            again = Session.action_start()  # a running session is reused
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["title"], "Triage started")
        self.assertEqual(action["params"]["next"]["res_model"], self.ticket_model)
        self.assertEqual(again["params"]["title"], "Triage already running")
        session = Session.search([("user_id", "=", self.champion_user.id)])
        self.assertEqual(len(session), 1)
        self.assertFalse(session.date_end)
        self.assertTrue(Session.get_triage_state()["running"])
        # named by champion and time, not by a raw timestamp
        self.assertIn(self.champion_user.name, session.display_name)
        self.assertNotIn("2026-11-23", session.display_name)
        self.assertIn(self.charter.display_name, action["params"]["message"])
        self.ticket.with_user(self.champion_user).action_hypercare_acknowledge()
        with freeze_time(NOW + timedelta(minutes=30)):
            action = Session.action_stop()
        self.assertEqual(session.date_end, NOW + timedelta(minutes=30))
        self.assertAlmostEqual(session.duration, 0.5)
        self.assertEqual(action["params"]["title"], "Triage ended")
        self.assertIn("30 min, 1 ticket(s) reviewed", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], self.ticket_model)
        self.assertFalse(Session.get_triage_state()["running"])
        # ending with no session running says so instead of doing nothing
        action = Session.action_stop()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("nothing to end", action["params"]["message"])
        with self.assertRaises(UserError):
            self.Session.with_user(self.user).action_start()
        self.assertFalse(
            self.Session.with_user(self.user).get_triage_state()["available"]
        )

    def test_new_since_my_last_triage(self):
        Task = self.env[self.ticket_model].with_user(self.champion_user)
        domain = [
            ("hypercare_charter_id", "=", self.charter.id),
            ("hypercare_new_since_triage", "=", True),
        ]
        self.assertEqual(Task.search(domain), self.ticket, "no triage yet: all new")
        with freeze_time(NOW + timedelta(hours=1)):
            self.Session.with_user(self.champion_user).action_start()
            self.Session.with_user(self.champion_user).action_stop()
        self.assertFalse(Task.search(domain))
        with freeze_time(NOW + timedelta(hours=2)):
            later = self._create_ticket(level="low", name="Label printer")
        self.assertEqual(Task.search(domain), later)
        not_new = Task.search(
            [
                ("hypercare_charter_id", "=", self.charter.id),
                ("hypercare_new_since_triage", "=", False),
            ]
        )
        self.assertEqual(not_new, self.ticket)
        # another champion has not triaged yet: everything is new for them
        self.assertEqual(
            self.env[self.ticket_model].with_user(self.manager).search(domain),
            self.ticket | later,
        )

    def test_open_source_record(self):
        partner = self.env["res.partner"].create({"name": "Deco Addict"})
        self.ticket.write(
            {
                "source_model": "res.partner",
                "source_res_id": partner.id,
                "source_name": partner.name,
            }
        )
        action = self.ticket.with_user(
            self.champion_user
        ).action_hypercare_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", partner.id)
        )
        partner.unlink()
        with self.assertRaises(UserError):
            self.ticket.action_hypercare_open_source()
