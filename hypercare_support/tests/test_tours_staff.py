from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareTourCase, PhoneTourMixin


@tagged("-at_install", "post_install")
class TestStaffTour(HypercareTourCase):
    """The partner contact, a plain internal user as partner consultants are
    in a customer's database, opens an L3 ticket on the board, acknowledges
    it and escalates it to the vendor: on a desktop and on a phone."""

    browser_size = "1440x1000"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = new_test_user(
            cls.env,
            login="hc_partner_tour",
            name="Paula Partner",
            groups="base.group_user",
        )
        cls.vendor = new_test_user(
            cls.env,
            login="hc_vendor_tour",
            name="Victor Vendor",
            groups="base.group_user",
        )
        cls.charter.write(
            {"partner_contact_id": cls.partner.id, "vendor_liaison_id": cls.vendor.id}
        )

    def _l3_ticket(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Tax report is wrong")
            ticket.with_user(self.champion_user).action_hypercare_escalate("L2 first")
            ticket.with_user(self.champion_user).action_hypercare_escalate(
                "The partner's localisation module"
            )
        self.assertEqual(ticket[self.owner_field], self.partner)
        return ticket

    def test_partner_contact_works_l3(self):
        ticket = self._l3_ticket()
        self.start_tour(
            f"/odoo/action-{self.env[self.ticket_model]._hypercare_action_xmlid}",
            "hypercare_staff_partner_tour",
            login="hc_partner_tour",
        )
        self.assertTrue(ticket.date_acknowledged)
        self.assertEqual(ticket.support_layer, "l4")
        self.assertEqual(ticket[self.owner_field], self.vendor)


@tagged("-at_install", "post_install")
class TestStaffPhoneTour(PhoneTourMixin, TestStaffTour):
    """The same on a phone."""
