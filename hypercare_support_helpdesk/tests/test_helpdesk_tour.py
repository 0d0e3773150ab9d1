from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.tests.common import HypercareTourCase

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHelpdeskTour(HelpdeskCarrier, HypercareTourCase):
    """In the browser: a champion triages a helpdesk ticket of a charter
    carried by a helpdesk team on the triage board."""

    def test_triage_on_the_helpdesk_board(self):
        ticket = self._create_ticket(
            "medium",
            name="Helpdesk: cannot post the vendor bill",
            hypercare_reporter_id=self.user.id,
        )
        self.assertEqual(ticket.stage_id.name, "New")
        self._triage_on_the_board(
            ticket,
            "hypercare_support_helpdesk.helpdesk_ticket_hypercare_action",
            "hypercare_helpdesk_triage_tour",
            login="hc_champion",
        )
        self.assertEqual(
            ticket.stage_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
        )
        self.assertEqual(ticket.sla_response_status, "met")

    def test_report_from_a_contact(self):
        """A user reports from a contact: the issue lands in the charter's
        helpdesk team, routed to the Finance champion."""
        reporter = new_test_user(
            self.env,
            login="hc_hd_reporter",
            name="Rita Reporter",
            groups="base.group_user",
        )
        self.env["hypercare.function.mapping"].create(
            {
                "charter_id": self.charter.id,
                "function": "Finance",
                "model_ids": [
                    Command.link(self.env["ir.model"]._get_id("res.partner"))
                ],
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Azure Interior Helpdesk Tour"}
        )
        self._tour_from_contact(
            contact, "hypercare_helpdesk_report_tour", "hc_hd_reporter"
        )
        ticket = self._reported_ticket(
            "Helpdesk: cannot change the delivery address", reporter, contact
        )
        self.assertEqual(ticket.team_id, self.charter.team_id)
        self.assertEqual(ticket.user_id, self.champion_user)
        self.assertFalse(self.env["project.task"].search([("name", "=", ticket.name)]))
