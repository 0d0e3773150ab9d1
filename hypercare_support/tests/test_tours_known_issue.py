from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import HypercareTourCase, PhoneTourMixin


class FloodTourCase(HypercareTourCase):
    """Twelve people report the same posting error; a champion linked them
    to one known issue, whose fix is planned in tomorrow's hotfix window."""

    def _flood(self):
        reporters = [
            new_test_user(
                self.env,
                login=f"hc_flood_tour_{n}",
                name=f"Flood Tour {n}",
                groups="base.group_user",
            )
            for n in range(12)
        ]
        self._create_ticket("medium", name="Printer offline")
        tickets = self.env[self.ticket_model]
        for n, reporter in enumerate(reporters):
            tickets |= self._create_ticket(
                name=f"Vendor bill tax error {n}", hypercare_reporter_id=reporter.id
            )
        window = self.env["hypercare.hotfix.window"].create(
            {
                "charter_id": self.charter.id,
                "name": "Hotfix 1.0.1",
                "date_planned": fields.Datetime.now() + timedelta(days=1),
            }
        )
        issue = self.env["hypercare.known.issue"].create(
            {
                "charter_id": self.charter.id,
                "name": "Vendor bill posting fails",
                "hotfix_window_id": window.id,
            }
        )
        tickets.with_user(self.champion_user).write(
            {"hypercare_known_issue_id": issue.id}
        )
        self.assertEqual(len(tickets.filtered("hypercare_ki_collapsed")), 11)
        return issue

    def _flood_tours(self, suffix=""):
        """The champion sees the flood as one card with its count on the
        board, and the next hotfix window with what it carries on the
        dashboard."""
        self._flood()
        action = self.env[self.ticket_model]._hypercare_action_xmlid
        self.start_tour(
            f"/odoo/action-{action}",
            f"hypercare_flood_board{suffix}_tour",
            login="hc_champion",
        )
        self.start_tour(
            "/odoo/hypercare-dashboard",
            f"hypercare_flood_dashboard{suffix}_tour",
            login="hc_champion",
        )


@tagged("-at_install", "post_install")
class TestToursKnownIssue(FloodTourCase):
    """In the browser: the report dialog offers the open known issue matching
    the summary, "This is my problem too" files the user's linked ticket."""

    def test_me_too_from_the_dialog(self):
        user = new_test_user(
            self.env, login="hc_ki_tour", name="Kim Tour", groups="base.group_user"
        )
        contact = self.env["res.partner"].create({"name": "Known Issue Tour Contact"})
        issue = self.env["hypercare.known.issue"].create(
            {
                "charter_id": self.charter.id,
                "name": "Vendor bill posting fails",
                "workaround": "<p>Post it from the journal entry.</p>",
            }
        )
        self._tour_from_contact(contact, "hypercare_known_issue_tour", "hc_ki_tour")
        ticket = self.env[self.ticket_model].search(
            [("hypercare_reporter_id", "=", user.id)]
        )
        self.assertEqual(ticket.hypercare_known_issue_id, issue)
        self.assertTrue(ticket.date_acknowledged)
        self.assertEqual(
            (ticket.source_model, ticket.source_res_id), ("res.partner", contact.id)
        )

    def test_flood_is_one_card(self):
        self._flood_tours()


@tagged("-at_install", "post_install")
class TestToursFloodPhone(PhoneTourMixin, FloodTourCase):
    """The flood as one card, and the next hotfix window, on a phone."""

    def test_flood_on_a_phone(self):
        self._flood_tours("_phone")
