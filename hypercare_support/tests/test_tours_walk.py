from odoo.tests import tagged

from .common import PhoneTourMixin
from .test_tours_usability import UsabilityTourCase


class WalkBoardTourCase(UsabilityTourCase):
    """The board puts the P1 first (issue 29): Alpha, the only P1, breached
    and reported before Charlie (a P2 of a few minutes ago)."""

    def _board_p1_first(self):
        self.start_tour(
            "/odoo/action-hypercare_support.project_task_hypercare_action",
            "hypercare_board_urgency_tour",
            login="hc_champion",
        )


@tagged("-at_install", "post_install")
class TestWalkTours(WalkBoardTourCase):
    """Issue 29 in the browser, on a 1440 px screen: the board puts the P1
    first; the ticket's header offers Take it and every stage, and no
    Confirm triage once resolved."""

    browser_size = "1440x900"

    def test_board_p1_first(self):
        self._board_p1_first()

    def test_ticket_header(self):
        self.assertFalse(self.champion_user.has_group("project.group_project_user"))
        self.bravo.triage_decision = "fix"
        self.start_tour(
            "/odoo/action-hypercare_support.project_task_hypercare_action/"
            f"{self.bravo.id}",
            "hypercare_ticket_header_tour",
            login="hc_champion",
        )
        self.assertEqual(self.bravo.user_ids, self.champion_user)
        self.assertEqual(self.bravo.hypercare_state, "done")
        self.assertFalse(self.bravo.date_triaged)

    def test_critical_toast_opens_the_ticket(self):
        """Chloe, on call for Finance, is on the board when a critical
        Finance ticket is raised: its toast opens it."""
        self.start_tour(
            "/odoo/action-hypercare_support.project_task_hypercare_action",
            "hypercare_critical_toast_tour",
            login="hc_champion",
        )
        ticket = self.env[self.ticket_model].search(
            [("name", "=", "Payroll run stopped")]
        )
        self.assertTrue(ticket.hypercare_critical_alerted)


@tagged("-at_install", "post_install")
class TestWalkPhoneTours(PhoneTourMixin, WalkBoardTourCase):
    """On a phone: the P1 is the first card of the first column."""

    def test_board_p1_first(self):
        self._board_p1_first()
