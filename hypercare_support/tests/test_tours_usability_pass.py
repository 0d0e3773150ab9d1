from odoo import Command
from odoo.tests import tagged

from .common import HypercareTourCase


@tagged("-at_install", "post_install")
class TestUsabilityPassTours(HypercareTourCase):
    """Issue 29 in the browser at 1440 px: the pulse leaves the navbar's
    menus reachable (item 6); signing from the charter form shows the new
    count and chatter line without a reload (item 10)."""

    browser_size = "1440x900"

    def test_pulse_leaves_the_menus_reachable(self):
        self.charter.scope_user_ids = [Command.link(self.manager.id)]
        self.assertTrue(
            self.env["hypercare.pulse"].with_user(self.manager).hypercare_pulse_prompt()
        )
        self.start_tour(
            "/odoo/action-hypercare_support.hypercare_charter_action",
            "hypercare_pulse_navbar_tour",
            login="hc_manager",
        )

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
