from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_adoption import CURRENT_START, MID_BEFORE, MID_LAST, NOW, AdoptionCase


@tagged("-at_install", "post_install")
class TestAdoptionFunctions(AdoptionCase):
    """Adoption per business function and the audience it is measured on:
    a user's function, usage by function, the scope filled from groups."""

    def test_function_from_the_reporters_latest_ticket(self):
        """Off the roster, a user's function is that of their latest ticket
        in the charter's carrier."""
        reporter = self.scope[0]
        self.charter.scope_user_ids = [(6, 0, [reporter.id])]
        self._ticket_at(
            MID_BEFORE, hypercare_reporter_id=reporter.id, business_function="Sales"
        )
        self._ticket_at(
            MID_LAST, hypercare_reporter_id=reporter.id, business_function="Warehouse"
        )
        self.assertEqual(self.charter._hypercare_user_function(reporter), "Warehouse")
        with freeze_time(NOW):
            rows = self.charter._hypercare_adoption_by_function()
        self.assertEqual(rows, [("Warehouse", 1, 0, None, 0)])

    def test_usage_by_function(self):
        self.charter.scope_user_ids = [(6, 0, [u.id for u in self.scope[:3]])]
        self.env["hypercare.champion"].create(
            {
                "charter_id": self.charter.id,
                "user_id": self.scope[0].id,
                "function": "Sales",
            }
        )
        self._log_login(self.scope[0], MID_LAST)
        self._log_login(self.scope[1], CURRENT_START)  # this week: not counted
        self._pulse(self.scope[0], 5).sudo().business_function = "Sales"
        with freeze_time(NOW):
            rows = self.charter._hypercare_adoption_by_function()
        self.assertEqual(rows, [("", 2, 0, None, 0), ("Sales", 1, 1, 5.0, 1)])

    def test_scope_from_groups(self):
        group = self.env["res.groups"].create({"name": "Warehouse go-live"})
        group.user_ids = [(6, 0, [u.id for u in self.scope[:3]])]
        wizard = (
            self.env["hypercare.scope.fill"]
            .with_user(self.manager)
            .create({"charter_id": self.charter.id, "group_ids": [(6, 0, group.ids)]})
        )
        self.assertEqual(set(wizard.user_ids.ids), {u.id for u in self.scope[:3]})
        wizard.action_apply()
        self.assertEqual(self.charter.scope_user_count, 3)
        with self.assertRaises(AccessError):
            self.env["hypercare.scope.fill"].with_user(self.champion_user).create(
                {"charter_id": self.charter.id}
            )
