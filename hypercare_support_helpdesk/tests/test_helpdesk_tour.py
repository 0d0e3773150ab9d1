from odoo.tests import HttpCase, tagged

from .common import HelpdeskHypercareCase


@tagged("-at_install", "post_install")
class TestHelpdeskTour(HelpdeskHypercareCase, HttpCase):
    """In the browser: a champion triages a helpdesk ticket of a charter
    carried by a helpdesk team on the triage board."""

    def test_triage_on_the_helpdesk_board(self):
        ticket = self._create_ticket(
            "medium",
            name="Helpdesk: cannot post the vendor bill",
            hypercare_reporter_id=self.user.id,
        )
        self.assertEqual(ticket.stage_id.name, "New")
        self.start_tour(
            "/odoo/action-hypercare_support_helpdesk.helpdesk_ticket_hypercare_action",
            "hypercare_helpdesk_triage_tour",
            login="hc_champion",
        )
        self.assertTrue(ticket.date_acknowledged)
        self.assertTrue(ticket.date_triaged)
        self.assertEqual(ticket.triage_decision, "fix")
        self.assertEqual(
            ticket.stage_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
        )
        self.assertEqual(ticket.sla_response_status, "met")
