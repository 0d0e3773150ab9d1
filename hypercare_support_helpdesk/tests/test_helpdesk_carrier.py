from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.hypercare_support.tests.common import GO_LIVE, NOW

from .common import HelpdeskHypercareCase


@tagged("-at_install", "post_install")
class TestHelpdeskCarrier(HelpdeskHypercareCase):
    """The helpdesk team as a charter's carrier: charter, stages, hooks."""

    def _new_team(self, name, **vals):
        return self.env["helpdesk.ticket.team"].create(dict(name=name, **vals))

    def test_charter_with_team_gets_no_project(self):
        charter = self.charter
        self.assertTrue(charter.team_id)
        self.assertFalse(charter.project_id)
        self.assertEqual(charter.team_id.hypercare_charter_id, charter)
        self.assertEqual(charter._hypercare_carrier_model()._name, "helpdesk.ticket")
        # without a team the core still gives the charter a project
        other = self.env["hypercare.charter"].create(
            {
                "name": "Go-live NL",
                "go_live_date": GO_LIVE,
                "planned_end_date": "2026-12-31",
            }
        )
        self.assertTrue(other.project_id)
        self.assertFalse(other.team_id)
        self.assertEqual(other._hypercare_carrier_model()._name, "project.task")

    def test_exactly_one_carrier(self):
        project = self.env["project.project"].create(
            {"name": "Elsewhere", "privacy_visibility": "followers"}
        )
        Charter = self.env["hypercare.charter"]
        vals = {
            "name": "Both",
            "go_live_date": GO_LIVE,
            "planned_end_date": "2026-12-31",
        }
        with self.assertRaises(ValidationError):
            Charter.create(
                dict(vals, project_id=project.id, team_id=self._new_team("Both").id)
            )
        with self.assertRaises(ValidationError):
            self.charter.project_id = project
        self.assertFalse(self.charter.project_id)
        with self.assertRaises(ValidationError):
            self.charter.team_id = False
        self.assertTrue(self.charter.team_id)

    def test_team_carries_one_charter_of_its_company(self):
        Charter = self.env["hypercare.charter"]
        vals = {
            "name": "Again",
            "go_live_date": GO_LIVE,
            "planned_end_date": "2026-12-31",
        }
        # one charter per team, held by the database
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            Charter.create(dict(vals, team_id=self.charter.team_id.id))
        self.assertIn(
            "a team carries one charter at most",
            Charter._sql_error_to_message(caught.exception),
        )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self._new_team("Foreign", company_id=other_company.id)
        with self.assertRaises(ValidationError):
            Charter.create(dict(vals, team_id=foreign.id))
        self.assertFalse(Charter.search([("name", "=", "Again")]))

    def test_ticket_of_the_team_is_a_hypercare_ticket(self):
        self._set_severity("critical", 1.0, 4.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("critical")
            other = self.env["helpdesk.ticket"].create(
                {
                    "name": "Not hypercare",
                    "description": "<p>x</p>",
                    "team_id": self._new_team("Plain").id,
                }
            )
            self.assertEqual(ticket.sla_status, "ongoing")
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.hypercare_state, "open")
        self.assertTrue(ticket.hypercare_is_open)
        self.assertEqual(ticket.response_deadline, NOW + timedelta(hours=1))
        self.assertEqual(ticket.resolution_deadline, NOW + timedelta(hours=4))
        self.assertFalse(other.hypercare_charter_id)
        self.assertFalse(other.severity_id)
        self.assertFalse(other.response_deadline)
        self.assertFalse(other.hypercare_is_open)

    def test_stages_drive_the_state(self):
        stages = {
            xmlid.split("_")[-1]: self.env.ref(f"helpdesk_mgmt.{xmlid}")
            for xmlid in (
                "helpdesk_ticket_stage_new",
                "helpdesk_ticket_stage_awaiting",
                "helpdesk_ticket_stage_done",
                "helpdesk_ticket_stage_cancelled",
                "helpdesk_ticket_stage_rejected",
            )
        }
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            self.assertEqual(ticket.stage_id, stages["new"])
        with freeze_time(NOW + timedelta(hours=1)):
            ticket.stage_id = stages["awaiting"]
            self.assertEqual(ticket.hypercare_state, "paused")
            self.assertEqual(ticket.sla_pause_start, NOW + timedelta(hours=1))
        with freeze_time(NOW + timedelta(hours=2)):
            ticket.stage_id = stages["done"]
            self.assertEqual(ticket.hypercare_state, "done")
            self.assertEqual(ticket.date_resolved, NOW + timedelta(hours=2))
            self.assertAlmostEqual(ticket.sla_paused_hours, 1.0)
            ticket.stage_id = stages["rejected"]
            self.assertEqual(ticket.hypercare_state, "cancelled")
            self.assertFalse(ticket.hypercare_is_open)
            self.assertFalse(ticket.sla_status)
            ticket.stage_id = stages["new"]
            self.assertEqual(ticket.hypercare_state, "open")
            ticket.stage_id = stages["cancelled"]
            self.assertEqual(ticket.hypercare_state, "cancelled")
            ticket.stage_id = stages["new"]
            ticket.active = False
            self.assertEqual(ticket.hypercare_state, "cancelled")
            self.assertFalse(ticket.sla_next_check)

    def test_carrier_hooks(self):
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            champion_ticket = ticket.with_user(self.champion_user)
            champion_ticket.action_hypercare_assign_me()
            self.assertEqual(ticket.user_id, self.champion_user)
            self.assertEqual(ticket._hypercare_owner(), self.champion_user)
            champion_ticket.triage_decision = "fix"
            champion_ticket.action_hypercare_triage()
            # triaged: out of the inbox (New, unattended) into work
            self.assertEqual(ticket.stage_id, in_progress)
            self.assertEqual(ticket.date_triaged, NOW)
        with freeze_time(NOW + timedelta(hours=3)):
            self._resolve(champion_ticket)
            self.assertEqual(ticket.stage_id, done)
            self.assertEqual(ticket.date_resolved, NOW + timedelta(hours=3))
            self.assertEqual(ticket.sla_resolution_status, "met")
            ticket._hypercare_reopen()
            self.assertEqual(ticket.stage_id, in_progress)
            self.assertTrue(ticket.hypercare_is_open)
            self.assertFalse(ticket.date_resolved)

    def test_charter_counts_and_opens_helpdesk_tickets(self):
        self._set_severity("critical", 1.0, 4.0)
        with freeze_time(NOW):
            breached = self._create_ticket(
                "critical", date_reported=NOW - timedelta(hours=2)
            )
            self._create_ticket("low")
            done = self._create_ticket("low")
            self._resolve(done)
            charter = self.charter.with_user(self.manager)
            self.assertEqual(charter.ticket_count, 3)
            self.assertEqual(charter.open_ticket_count, 2)
            self.assertEqual(charter.breached_ticket_count, 1)
            action = charter.action_open_breached_tickets()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(action["context"]["default_team_id"], self.charter.team_id.id)
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), breached)

    def test_cron_scans_helpdesk_tickets(self):
        self._set_severity("medium", 4.0, 24.0)
        with freeze_time(NOW):
            ticket = self._create_ticket("medium", user_id=self.champion_user.id)
        with freeze_time(NOW + timedelta(hours=3)):
            self.env["hypercare.charter"]._cron_sla_scan()
            self.assertEqual(ticket.sla_response_status, "at_risk")
            self.assertEqual(ticket.sla_response_notified, "at_risk")
            self.assertEqual(ticket.activity_ids.user_id, self.champion_user)
            self.env["hypercare.charter"]._cron_sla_scan()
            self.assertEqual(len(ticket.activity_ids), 1)

    def test_default_stage_flags(self):
        self.assertTrue(
            self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_awaiting"
            ).hypercare_pauses_sla
        )
        for xmlid in ("cancelled", "rejected"):
            self.assertTrue(
                self.env.ref(
                    f"helpdesk_mgmt.helpdesk_ticket_stage_{xmlid}"
                ).hypercare_cancels
            )
        self.assertFalse(
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").hypercare_cancels
        )
