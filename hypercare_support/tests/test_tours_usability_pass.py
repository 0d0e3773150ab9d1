import time
from unittest.mock import patch

from odoo import Command, api
from odoo.tests import tagged

from .common import HypercareTourCase


class PulseNavbarTourCase(HypercareTourCase):
    """The pulse is due for the manager, who sees every menu of the app."""

    def _pulse_leaves_the_menus_reachable(self):
        self.charter.scope_user_ids = [Command.link(self.manager.id)]
        self.assertTrue(
            self.env["hypercare.pulse"].with_user(self.manager).hypercare_pulse_prompt()
        )
        Pulse = type(self.env["hypercare.pulse"])
        prompt = Pulse.hypercare_pulse_prompt

        @api.model
        def late_prompt(pulse):
            # as on a busy server: the answer comes once the navbar has
            # placed the app's menus
            time.sleep(2)
            return prompt(pulse)

        with patch.object(Pulse, "hypercare_pulse_prompt", late_prompt):
            self.start_tour(
                "/odoo/action-hypercare_support.hypercare_charter_action",
                "hypercare_pulse_navbar_tour",
                login="hc_manager",
            )


@tagged("-at_install", "post_install")
class TestUsabilityPassTours(PulseNavbarTourCase):
    """Issue 29 in the browser at 1440 px: the pulse leaves the navbar's
    menus reachable (item 6); signing from the charter form shows the new
    count and chatter line without a reload (item 10)."""

    browser_size = "1440x900"

    def test_pulse_leaves_the_menus_reachable(self):
        self._pulse_leaves_the_menus_reachable()

    def test_sign_reloads_the_charter_form(self):
        before = self.charter.exit_met_count
        self.start_tour(
            f"/odoo/hypercare.charter/{self.charter.id}",
            "hypercare_sign_reload_tour",
            login="hc_manager",
        )
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.name == "Knowledge transfer complete"
        )
        self.assertEqual(criterion.signed_by_id, self.manager)
        self.charter.invalidate_recordset()
        self.assertEqual(self.charter.exit_met_count, before + 1)


@tagged("-at_install", "post_install")
class TestUsabilityPassNarrowTours(PulseNavbarTourCase):
    """A laptop screen, where the app menus fold into '+': the pulse's
    systray entry, drawn once its RPC answers, must not cover it."""

    browser_size = "1100x800"

    def test_pulse_leaves_the_menus_reachable(self):
        self._pulse_leaves_the_menus_reachable()
