from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_triage_board
from odoo.addons.hypercare_support.tests.common import NOW

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHelpdeskTriage(HelpdeskCarrier, test_triage_board.TestTriageBoard):
    """Triage board, reporter views and reopening on helpdesk tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.ticket.message_subscribe(cls.user.partner_id.ids)

    def test_action_opens_the_board_first(self):
        action = self.charter.with_user(self.champion_user).action_open_tickets()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(action["view_mode"].split(",")[0], "kanban")
        kanban = self.env.ref(
            "hypercare_support_helpdesk.helpdesk_ticket_view_kanban_triage"
        )
        self.assertEqual(list(action["views"][0]), [kanban.id, "kanban"])
        arch = (
            self.env["helpdesk.ticket"]
            .with_user(self.champion_user)
            .get_views([(kanban.id, "kanban")])["views"]["kanban"]["arch"]
        )
        for needle in (
            "action_hypercare_acknowledge",
            "action_hypercare_set_severity",
            "action_hypercare_set_decision",
            "action_hypercare_triage",
            "hypercare_sla_countdown",
        ):
            self.assertIn(needle, arch)

    def test_quick_actions(self):
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        self._quick_triage()
        self.assertEqual(self.ticket.date_acknowledged, NOW + timedelta(minutes=10))
        self.assertEqual(self.ticket.severity_id, self.sev["high"])
        self.assertEqual(self.ticket.triage_decision, "workaround")
        self.assertEqual(self.ticket.user_id, self.champion_user)
        self.assertEqual(self.ticket.stage_id, in_progress)
        self.assertEqual(self.ticket.date_triaged, NOW + timedelta(minutes=10))
        # the champion's triage session counts the helpdesk ticket
        session = self.env["hypercare.triage.session"].search(
            [("user_id", "=", self.champion_user.id)]
        )
        self.assertEqual(session.charter_id, self.charter)
        self.assertEqual(session.helpdesk_ticket_ids, self.ticket)
        self.assertFalse(session.ticket_ids)
        self.assertEqual(session.ticket_count, 1)

    def test_reporter_form_and_reopen(self):
        form = self.env.ref(self.env["helpdesk.ticket"]._hypercare_my_issue_view_xmlid)
        self.assertEqual(form.model, "helpdesk.ticket")
        mine = self.ticket.with_user(self.user)
        arch = mine.get_views([(form.id, "form")])["views"]["form"]["arch"]
        self.assertIn("action_hypercare_reopen", arch)
        with freeze_time(NOW):
            self._resolve(self.ticket)
        told = self.ticket.message_ids.filtered(
            lambda m: self.user.partner_id in m.partner_ids and "resolved" in m.body
        )
        self.assertEqual(len(told), 1)
        with freeze_time(NOW + timedelta(days=2)):
            self.assertTrue(mine.hypercare_can_reopen)
            mine.action_hypercare_reopen(reason="Still the same error")
        self.assertEqual(self.ticket.hypercare_state, "open")
        self.assertFalse(self.ticket.date_resolved)
        self.assertFalse(self.ticket.stage_id.closed)
        self.assertIn("Reopened by", self.ticket.message_ids[0].body)

    def test_my_issues_action_lists_own_tickets(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support_helpdesk.helpdesk_ticket_my_issue_action"
        )
        with freeze_time(NOW):
            self._create_ticket(hypercare_reporter_id=self.champion_user.id)
        domain = [
            ("hypercare_charter_id", "!=", False),
            ("hypercare_reporter_id", "=", self.user.id),
        ]
        self.assertIn("hypercare_reporter_id", action["domain"])
        self.assertEqual(
            self.env["helpdesk.ticket"].with_user(self.user).search(domain),
            self.ticket,
        )

    def test_triage_session_opens_the_helpdesk_board(self):
        Session = self.env["hypercare.triage.session"].with_user(self.champion_user)
        action = Session.action_start(charter_id=self.charter.id)
        self.assertEqual(action["params"]["next"]["res_model"], "helpdesk.ticket")
        session = Session._get_current(charter=self.charter)
        self.assertTrue(session)
        action = Session.action_stop()
        self.assertEqual(action["params"]["next"]["res_model"], "helpdesk.ticket")
        self.assertTrue(session.date_end)
