from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.hypercare_support.tests.common import NOW, HypercareCase
from odoo.addons.hypercare_support_helpdesk.tests.common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHelpdeskSatisfaction(HelpdeskCarrier, HypercareCase):
    """The reporter of a resolved hypercare helpdesk ticket rates it; the
    charter's satisfaction counts it."""

    def _tile(self):
        sections = self.charter._hypercare_dashboard_sections()
        return next(t for t in sections["tiles"] if t["key"] == "satisfaction")

    def test_reporter_rates_the_resolution(self):
        ticket = self._create_ticket(hypercare_reporter_id=self.user.id)
        self.assertEqual(self.charter._hypercare_satisfaction(), (None, 0))
        self._resolve(ticket)
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        # the user who raised it, not the ticket's customer
        self.assertEqual(rating.partner_id, self.user.partner_id)
        ticket.rating_apply(4, token=rating.access_token)
        self.assertEqual(self.charter._hypercare_satisfaction(), (4.0, 1))
        tile = self._tile()
        self.assertEqual(tile["value"], 4.0)
        self.assertNotIn("not measured", tile["help"])
        self.assertEqual(
            self.env["rating.rating"].search(tile["action"]["domain"]), rating
        )
        # by domain: no list of ticket ids travels with the dashboard
        self.assertEqual(
            tile["action"]["domain"],
            [("hypercare_charter_id", "=", self.charter.id), ("consumed", "=", True)],
        )
        self.assertEqual(rating.hypercare_charter_id, self.charter)
        # another charter's ratings stay out
        with freeze_time(NOW):
            other = self._create_charter(name="Go-live Luxembourg")
            other_ticket = self._create_ticket(
                charter=other, hypercare_reporter_id=self.user.id
            )
            self._resolve(other_ticket)
        other_ticket.rating_apply(2, token=other_ticket.rating_ids.access_token)
        self.assertEqual(
            self.env["rating.rating"].search(tile["action"]["domain"]), rating
        )

    def test_one_request_when_the_stage_sends_one(self):
        template = self.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        stages = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)])
        stages.rating_mail_template_id = template
        ticket = self._create_ticket(hypercare_reporter_id=self.user.id)
        self._resolve(ticket)
        self.assertEqual(len(ticket.rating_ids), 1)
        self.assertEqual(ticket.rating_ids.partner_id, self.user.partner_id)

    def test_ticket_outside_hypercare_rated_by_its_customer(self):
        customer = self.env["res.partner"].create(
            {"name": "Carla Customer", "email": "carla@example.com"}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jam",
                "description": "<p>Jammed.</p>",
                "partner_id": customer.id,
            }
        )
        self.assertEqual(ticket._rating_get_partner(), customer)
