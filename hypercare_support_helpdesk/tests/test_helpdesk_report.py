from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.hypercare_support.tests.common import GO_LIVE, NOW

from .common import HelpdeskHypercareCase


@tagged("-at_install", "post_install")
class TestHelpdeskReport(HelpdeskHypercareCase):
    """Entry points that must work whatever carries the charter: the report
    dialog, the charter form and the scheduled scan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hypercare.function.mapping"].create(
            {
                "charter_id": cls.charter.id,
                "function": "Finance",
                "model_ids": [Command.link(cls.env["ir.model"]._get_id("res.partner"))],
            }
        )
        cls.contact = cls.env["res.partner"].create({"name": "Azure Interior"})

    def test_report_dialog_creates_a_helpdesk_ticket(self):
        wizard = (
            self.env["hypercare.report.issue"]
            .with_user(self.user)
            .with_context(
                default_source_model="res.partner",
                default_source_res_id=self.contact.id,
                default_source_name=self.contact.display_name,
            )
            .create(
                {
                    "name": "Cannot save the contact",
                    "description": "Error on save",
                    "impact": "blocked",
                }
            )
        )
        self.assertEqual(wizard.charter_id, self.charter)
        with freeze_time(NOW):
            action = wizard.action_submit()
            ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
            self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=2))
            self.assertEqual(ticket.sla_response_status, "ongoing")
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(
            action["views"][0][0],
            self.env.ref(
                "hypercare_support_helpdesk.helpdesk_ticket_view_form_my_issue"
            ).id,
        )
        self.assertEqual(ticket.team_id, self.charter.team_id)
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.hypercare_reporter_id, self.user)
        self.assertEqual(ticket.severity_id, self.sev["high"])
        self.assertEqual(ticket.source_res_id, self.contact.id)
        self.assertIn("Error on save", str(ticket.description))
        # routed to the on-call Finance champion, the reporter follows it
        self.assertEqual(ticket.user_id, self.champion_user)
        self.assertIn(self.user.partner_id, ticket.message_partner_ids)
        self.assertEqual(ticket.with_user(self.user).name, "Cannot save the contact")

    def test_charter_form_with_a_team(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Go-live France"})
        # naming a team hands its tickets to hypercare: it takes a helpdesk
        # manager (TestHelpdeskScope.test_linking_a_team_takes_helpdesk_rights)
        self.manager.group_ids += self.env.ref("helpdesk_mgmt.group_helpdesk_manager")
        with freeze_time(NOW):
            form = Form(self.env["hypercare.charter"].with_user(self.manager))
            form.name = "Go-live France"
            form.go_live_date = GO_LIVE
            form.planned_end_date = "2026-12-31"
            form.team_id = team
            charter = form.save()
        self.assertEqual(charter.team_id, team)
        self.assertFalse(charter.project_id)
        self.assertEqual(team.hypercare_charter_id, charter)

    def test_one_scan_for_both_carriers(self):
        self._set_severity("medium", 4.0, 24.0)
        with freeze_time(NOW):
            project_charter = self._create_charter(name="Go-live NL", team_id=False)
            medium = project_charter.severity_ids.filtered(
                lambda s: s.level == "medium" and s.phase == "hypercare"
            )
            medium.write({"response_hours": 4.0, "business_hours_only": False})
            task = self.env["project.task"].create(
                {
                    "name": "Picking stuck",
                    "project_id": project_charter.project_id.id,
                    "severity_id": medium.id,
                }
            )
            ticket = self._create_ticket("medium")
        self.assertEqual(task._name, "project.task")
        self.assertEqual(ticket._name, "helpdesk.ticket")
        with freeze_time(NOW + timedelta(hours=3, minutes=30)):
            self.env["hypercare.charter"]._cron_sla_scan()
            for record in (task, ticket):
                self.assertEqual(record.sla_response_status, "at_risk")
                self.assertEqual(record.sla_response_notified, "at_risk")

    def test_standup_analysis_opens_helpdesk_tickets(self):
        helpdesk_action = self.env.ref(
            "hypercare_support_helpdesk.helpdesk_ticket_hypercare_pivot_action"
        )
        arch = (
            self.env["hypercare.charter"]
            .with_user(self.champion_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(f'name="{helpdesk_action.id}"', arch)
        self.assertEqual(helpdesk_action.res_model, "helpdesk.ticket")
