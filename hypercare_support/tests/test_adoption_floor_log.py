from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_adoption import MID_LAST, NOW, AdoptionCase


@tagged("-at_install", "post_install")
class TestAdoptionFloorLog(AdoptionCase):
    """The champions' floor log: defaults and bad input, a question that
    became a ticket, and who logs and reads which entries."""

    def test_floor_log_defaults_and_bad_input(self):
        with freeze_time(NOW):
            log = (
                self.env["hypercare.floor.log"]
                .with_user(self.champion_user)
                .create({"topic": "Print a delivery slip"})
            )
        self.assertEqual(log.charter_id, self.charter)
        self.assertEqual(log.user_id, self.champion_user)
        self.assertEqual(log.date, NOW)
        self.assertEqual(log.business_function, "Finance")
        self.assertEqual(log.outcome, "answered")
        FloorLog = self.env["hypercare.floor.log"].with_user(self.champion_user)
        with self.assertRaises(ValidationError):
            FloorLog.create({"charter_id": self.charter.id, "topic": "  "})
        with self.assertRaises(ValidationError):
            FloorLog.create(
                {"charter_id": self.charter.id, "topic": "x", "minutes": -3}
            )
        self.charter.sudo()._hypercare_set_state({"state": "closed"})
        count = self.env["hypercare.floor.log"].search_count([])
        with self.assertRaisesRegex(UserError, "closed"):
            FloorLog.create({"charter_id": self.charter.id, "topic": "Late question"})
        self.assertEqual(self.env["hypercare.floor.log"].search_count([]), count)

    def test_floor_log_became_ticket(self):
        log = self._floor(MID_LAST)
        action = log.with_user(self.champion_user).action_became_ticket()
        self.assertEqual(action["res_model"], "hypercare.report.issue")
        with freeze_time(MID_LAST):
            wizard = (
                self.env["hypercare.report.issue"]
                .with_user(self.champion_user)
                .with_context(**action["context"])
                .create({"description": "Asked on the floor"})
            )
            self.assertEqual(wizard.name, log.topic)
            self.assertEqual(wizard.issue_type, "how_to")
            result = wizard.action_submit()
        self.assertEqual(result["res_model"], self.ticket_model)
        ticket = self.env[self.ticket_model].browse(result["res_id"])
        # linked to the ticket of the charter's carrier
        self.assertEqual(log[self.floor_ticket_field], ticket)
        self.assertEqual(log.outcome, "ticket")
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        # one how-to question last week: the ticket, not the entry too
        with freeze_time(NOW):
            metrics = self.charter._hypercare_adoption_metrics()
        self.assertEqual(metrics["howto_weeks"], (1, 0))

    def test_access_floor_logs(self):
        other_lead = new_test_user(
            self.env,
            login="hc_other_champion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        with freeze_time(NOW):
            other = self._create_charter(
                name="Go-live Spain",
                project_id=False,
                incident_lead_id=other_lead.id,
                champion_ids=[
                    (
                        0,
                        0,
                        {"user_id": other_lead.id, "function": "Sales", "phone": False},
                    )
                ],
            )
        mine = self._floor(MID_LAST)
        theirs = self._floor(MID_LAST, charter=other, user=other_lead)
        FloorLog = self.env["hypercare.floor.log"]
        self.assertEqual(FloorLog.with_user(self.champion_user).search([]), mine)
        self.assertEqual(FloorLog.with_user(other_lead).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.champion_user).read(["topic"])
        with self.assertRaises(AccessError):
            self._floor(MID_LAST, charter=other)
        # plain users log nothing and read nothing
        with self.assertRaises(AccessError):
            FloorLog.with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self._floor(MID_LAST, user=self.user)
        self.assertEqual(FloorLog.with_user(self.manager).search([]), mine | theirs)
