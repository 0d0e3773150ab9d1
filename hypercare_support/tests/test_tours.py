from odoo.tests import new_test_user, tagged

from .common import HypercareTourCase


@tagged("-at_install", "post_install")
class TestTours(HypercareTourCase):
    """End to end in the browser: a user reports an issue from a contact,
    a champion triages it on the board."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_user = new_test_user(
            cls.env, login="hc_tour_user", name="Tess Tour", groups="base.group_user"
        )
        cls.tour_champion = new_test_user(
            cls.env,
            login="hc_tour_champion",
            name="Tour Champion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        cls.charter.champion_ids.on_call = False
        cls.env["hypercare.champion"].create(
            {
                "charter_id": cls.charter.id,
                "user_id": cls.tour_champion.id,
                "function": "Finance",
                "phone": "+32 2 555 43 21",
                "on_call": True,
            }
        )
        cls.env["hypercare.function.mapping"].create(
            {
                "charter_id": cls.charter.id,
                "function": "Finance",
                "model_ids": [(4, cls.env["ir.model"]._get_id("res.partner"))],
            }
        )
        cls.contact = cls.env["res.partner"].create({"name": "Azure Interior Tour"})

    def test_report_then_triage(self):
        self._tour_from_contact(
            self.contact, "hypercare_report_issue_tour", "hc_tour_user"
        )
        ticket = self._reported_ticket(
            "Cannot change the delivery address", self.tour_user, self.contact
        )
        self.assertEqual(ticket.user_ids, self.tour_champion)
        self.assertFalse(ticket.date_acknowledged)

        self._triage_on_the_board(
            ticket,
            "hypercare_support.project_task_hypercare_action",
            "hypercare_triage_board_tour",
            login="hc_tour_champion",
        )
        self.assertEqual(ticket.stage_id.name, "Triaged")
        session = self.env["hypercare.triage.session"].search(
            [("user_id", "=", self.tour_champion.id)]
        )
        self.assertIn(ticket, session.ticket_ids)

    def test_command_palette(self):
        before = self.env["project.task"].search_count([])
        self._tour_from_contact(
            self.contact, "hypercare_command_palette_tour", "hc_tour_user"
        )
        self.assertEqual(self.env["project.task"].search_count([]), before)
