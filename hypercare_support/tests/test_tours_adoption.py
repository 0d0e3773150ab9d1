from odoo import Command
from odoo.tests import tagged

from .common import HypercareTourCase, PhoneTourMixin


@tagged("-at_install", "post_install")
class TestPulseTour(HypercareTourCase):
    """A user going live answers the weekly pulse from the systray, or puts it
    off, and keeps a working web client afterwards."""

    def _assert_web_client_serves(self, login):
        """A new session of ``login``: every page the web client boots from
        answers 200 (the bootstrap serialises ``session_info``)."""
        self.authenticate(login, login)
        for url in ("/odoo", "/odoo/hypercare-dashboard"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("odoo.__session_info__", response.text)

    def test_answer_pulse(self):
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        self.start_tour("/odoo", "hypercare_pulse_tour", login="hc_user")
        pulse = self.env["hypercare.pulse"].search([("user_id", "=", self.user.id)])
        self.assertEqual(len(pulse), 1)
        self.assertEqual(pulse.score, 4)
        self.assertEqual(pulse.comment, "Invoices are fine, stock moves less so")
        self.assertEqual(pulse.charter_id, self.charter)
        self._assert_web_client_serves("hc_user")
        self.start_tour("/odoo", "hypercare_pulse_after_tour", login="hc_user")

    def test_dismiss_pulse(self):
        """Not now, two reloads, a new login: the web client keeps working."""
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        self.start_tour("/odoo", "hypercare_pulse_dismiss_tour", login="hc_user")
        settings = self.user.res_users_settings_ids
        self.assertTrue(settings.hypercare_pulse_dismissed_week)
        self.assertFalse(
            self.env["hypercare.pulse"].search([("user_id", "=", self.user.id)])
        )
        self._assert_web_client_serves("hc_user")
        self.start_tour("/odoo", "hypercare_pulse_after_tour", login="hc_user")


@tagged("-at_install", "post_install")
class TestPulsePhoneTour(PhoneTourMixin, TestPulseTour):
    """The same on a phone."""

    def test_answer_pulse(self):
        """On a phone: Not now (the answer on a phone is the desktop's flow)."""
        self.test_dismiss_pulse()


@tagged("-at_install", "post_install")
class TestFloorLogPhoneTour(PhoneTourMixin, HypercareTourCase):
    """A champion logs a question answered on the floor, on a phone."""

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
