from odoo.tests import HttpCase, tagged

from .common import HypercareCase


@tagged("-at_install", "post_install")
class TestExitTour(HypercareCase, HttpCase):
    """In the browser: a manager signs a manual exit criterion, then closes
    hypercare with an override."""

    def test_sign_and_close_with_override(self):
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.name == "Knowledge transfer complete"
        )
        # closing hands over to the BAU contact: the charter names one
        self.charter.bau_contact_id = self.manager
        self.start_tour(
            f"/odoo/hypercare.exit.criterion/{criterion.id}",
            "hypercare_exit_tour",
            login="hc_manager",
        )
        self.assertEqual(criterion.signed_by_id, self.manager)
        self.assertTrue(criterion.is_met)
        self.assertIn("sign-off sheet", criterion.evidence)
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(self.charter.closed_by_id, self.manager)
        self.assertEqual(
            self.charter.close_override_reason,
            "Steering committee accepts the open items",
        )
