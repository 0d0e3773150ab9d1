from odoo.tests import tagged

from .common import HypercareTourCase


@tagged("-at_install", "post_install")
class TestPulseTour(HypercareTourCase):
    """A user going live answers the weekly pulse from the systray."""

    def test_answer_pulse(self):
        self.charter.scope_user_ids = [(4, self.user.id)]
        self.start_tour("/odoo", "hypercare_pulse_tour", login="hc_user")
        pulse = self.env["hypercare.pulse"].search([("user_id", "=", self.user.id)])
        self.assertEqual(len(pulse), 1)
        self.assertEqual(pulse.score, 4)
        self.assertEqual(pulse.comment, "Invoices are fine, stock moves less so")
        self.assertEqual(pulse.charter_id, self.charter)


@tagged("-at_install", "post_install")
class TestFloorLogPhoneTour(HypercareTourCase):
    """A champion logs a question answered on the floor, on a phone."""

    browser_size = "390x844"
    touch_enabled = True

    def test_floor_log_on_phone(self):
        self.start_tour(
            "/odoo/action-hypercare_support.hypercare_floor_log_action_new",
            "hypercare_floor_log_phone_tour",
            login="hc_champion",
        )
        log = self.env["hypercare.floor.log"].search(
            [("topic", "=", "How do I print a delivery slip?")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.charter_id, self.charter)
        self.assertEqual(log.user_id, self.champion_user)
        self.assertEqual((log.business_function, log.minutes), ("Warehouse", 3))
        self.assertEqual(log.outcome, "answered")
