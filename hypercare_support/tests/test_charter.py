from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..charter_templates import SEVERITY_TEMPLATES
from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestCharter(HypercareCase):
    def test_created_with_project_and_template(self):
        charter = self.charter
        project = charter.project_id
        self.assertTrue(project)
        self.assertEqual(project.hypercare_charter_id, charter)
        self.assertEqual(project.privacy_visibility, "followers")
        self.assertEqual(
            project.type_ids.sorted("sequence").mapped("name"),
            ["New", "Triaged", "In progress", "Waiting for user", "Resolved"],
        )
        self.assertEqual(
            project.type_ids.filtered("hypercare_pauses_sla").name, "Waiting for user"
        )
        self.assertEqual(
            project.type_ids.filtered("hypercare_resolves").name, "Resolved"
        )
        self.assertEqual(
            charter.hypercare_severity_ids.mapped("level"),
            ["critical", "high", "medium", "low"],
        )
        # and the BAU matrix, looser at every level
        self.assertEqual(
            charter.bau_severity_ids.mapped("level"),
            ["critical", "high", "medium", "low"],
        )
        self.assertFalse(charter.bau_matrix_warning)
        p1 = self.sev["critical"]
        self.assertEqual((p1.response_hours, p1.resolution_hours), (1.0, 4.0))
        self.assertFalse(p1.business_hours_only)
        self.assertTrue(self.sev["medium"].business_hours_only)
        self.assertTrue(all(charter.severity_ids.mapped("definition")))

    def test_templates_per_platform(self):
        for platform in ("odoo", "d365_bc", "d365_fo", "other"):
            charter = self.env["hypercare.charter"].create(
                {
                    "name": platform,
                    "platform": platform,
                    "go_live_date": "2026-11-16",
                    "planned_end_date": "2026-12-16",
                }
            )
            expected = [row[2:4] for row in SEVERITY_TEMPLATES[platform]]
            self.assertEqual(
                [
                    (s.response_hours, s.resolution_hours)
                    for s in charter.hypercare_severity_ids
                ],
                expected,
            )
        self.assertNotEqual(SEVERITY_TEMPLATES["odoo"], SEVERITY_TEMPLATES["d365_fo"])

    def test_given_severities_are_kept(self):
        charter = self.env["hypercare.charter"].create(
            {
                "name": "Custom",
                "go_live_date": "2026-11-16",
                "planned_end_date": "2026-12-16",
                "severity_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Only",
                            "level": "critical",
                            "response_hours": 2,
                            "resolution_hours": 8,
                        },
                    )
                ],
            }
        )
        self.assertEqual(charter.severity_ids.mapped("name"), ["Only"])

    def test_end_before_go_live_refused(self):
        with self.assertRaises(ValidationError):
            self.env["hypercare.charter"].create(
                {
                    "name": "Backwards",
                    "go_live_date": "2026-11-16",
                    "planned_end_date": "2026-11-10",
                }
            )
        with self.assertRaises(ValidationError):
            self.charter.planned_end_date = "2026-11-01"

    def test_bad_sla_hours_refused(self):
        for hours in (0, -1):
            with self.assertRaises(ValidationError):
                self.sev["high"].response_hours = hours
        with self.assertRaises(ValidationError):
            self.sev["high"].write({"response_hours": 10, "resolution_hours": 5})
        with self.assertRaises(ValidationError):
            self.sev["high"].warning_ratio = 1.5

    def test_project_visibility_locked(self):
        with self.assertRaises(ValidationError):
            self.charter.project_id.privacy_visibility = "employees"

    def test_active_charter(self):
        Charter = self.env["hypercare.charter"]
        self.assertEqual(Charter._get_active_charter(), self.charter)
        with freeze_time(NOW):
            newer = self._create_charter(name="Wave 2", go_live_date="2026-11-20")
        self.assertEqual(Charter._get_active_charter(), newer)
        newer._hypercare_set_state({"state": "closed"})
        self.assertEqual(Charter._get_active_charter(), self.charter)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.assertFalse(Charter._get_active_charter(other_company))

    def test_understaffed_functions(self):
        self.assertEqual(self.charter.understaffed_functions, "Finance")
        self.charter.champion_ids = [
            (0, 0, {"user_id": self.manager.id, "function": "Finance"}),
            (0, 0, {"user_id": self.manager.id, "function": "Warehouse"}),
        ]
        self.assertEqual(self.charter.understaffed_functions, "Warehouse")
        self.assertEqual(self.charter.champion_count, 3)

    def test_smart_counts(self):
        with freeze_time(NOW):
            self._create_ticket("critical", date_reported=NOW.replace(hour=2))
            self._create_ticket("high")
            # 100 of the 120 response minutes gone: at risk
            self._create_ticket("high", date_reported=NOW.replace(hour=7, minute=20))
            done = self._create_ticket("low")
            self._resolve(done)
            self.charter.invalidate_recordset()
            self.assertEqual(self.charter.ticket_count, 4)
            self.assertEqual(self.charter.open_ticket_count, 3)
            self.assertEqual(self.charter.breached_ticket_count, 1)
            self.assertEqual(self.charter.at_risk_ticket_count, 1)
            Ticket = self.env[self.ticket_model]
            for action, count in (
                (self.charter.action_open_breached_tickets(), 1),
                (self.charter.action_open_at_risk_tickets(), 1),
                (self.charter.action_open_open_tickets(), 3),
                (self.charter.action_open_tickets(), 4),
            ):
                self.assertEqual(Ticket.search_count(action["domain"]), count)

    def test_charter_reserved_to_managers(self):
        with self.assertRaises(AccessError):
            self.env["hypercare.charter"].with_user(self.champion_user).create(
                {
                    "name": "X",
                    "go_live_date": "2026-11-16",
                    "planned_end_date": "2026-12-16",
                }
            )
        charter = (
            self.env["hypercare.charter"]
            .with_user(self.manager)
            .create(
                {
                    "name": "By manager",
                    "go_live_date": "2026-11-16",
                    "planned_end_date": "2026-12-16",
                }
            )
        )
        self.assertTrue(charter.project_id)
        self.assertEqual(len(charter.hypercare_severity_ids), 4)
