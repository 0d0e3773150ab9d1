from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestExtension(HypercareCase):
    """Formal extension of the hypercare window."""

    def _wizard(self, user=None, **vals):
        return (
            self.env["hypercare.charter.extend"]
            .with_user(user or self.manager)
            .create(dict({"charter_id": self.charter.id}, **vals))
        )

    def test_extend(self):
        self._create_ticket(level="critical")
        with freeze_time(NOW):
            action = self.charter.with_user(self.manager).action_open_extend_wizard()
            form = Form(
                self.env[action["res_model"]]
                .with_user(self.manager)
                .with_context(**action["context"])
            )
            form.new_end_date = date(2027, 1, 31)
            form.reason = "Year-end close falls in the window"
            wizard = form.save()
            unmet = wizard.unmet_criterion_ids
            self.assertIn("open_critical", unmet.mapped("kind"))
            wizard.action_extend()
        extension = self.charter.extension_ids
        self.assertEqual(len(extension), 1)
        self.assertEqual(extension.previous_end_date, date(2026, 12, 31))
        self.assertEqual(extension.new_end_date, date(2027, 1, 31))
        self.assertEqual(extension.reason, "Year-end close falls in the window")
        self.assertEqual(extension.unmet_criterion_ids, unmet)
        self.assertEqual(self.charter.planned_end_date, date(2027, 1, 31))
        self.assertEqual(self.charter.state, "extended")
        self.assertEqual(self.charter.extension_count, 1)
        self.assertIn("Year-end close", self.charter.message_ids[:1].body)
        # an extended charter can be extended again
        with freeze_time(NOW):
            self._wizard(new_end_date="2027-02-28", reason="Again").action_extend()
        self.assertEqual(len(self.charter.extension_ids), 2)
        self.assertEqual(self.charter.planned_end_date, date(2027, 2, 28))

    def test_bad_input_changes_nothing(self):
        with freeze_time(NOW):
            for end in ("2026-12-31", "2026-12-01"):
                with self.assertRaises(UserError):
                    self._wizard(new_end_date=end, reason="Why not").action_extend()
            with self.assertRaises(UserError):
                self._wizard(new_end_date="2027-01-31", reason="   ").action_extend()
        self.assertFalse(self.charter.extension_ids)
        self.assertEqual(self.charter.planned_end_date, date(2026, 12, 31))
        self.assertEqual(self.charter.state, "active")

    def test_only_managers_extend_running_charters(self):
        with freeze_time(NOW):
            with self.assertRaises(UserError):
                self._wizard(
                    user=self.champion_user, new_end_date="2027-01-31", reason="Please"
                ).action_extend()
            with self.assertRaises(UserError):
                self.charter.with_user(self.champion_user).action_extend(
                    "2027-01-31", "Please"
                )
            # champions read the extensions of their charters
            self._wizard(new_end_date="2027-01-31", reason="Month end").action_extend()
            self.assertEqual(
                self.charter.extension_ids.with_user(self.champion_user).reason,
                "Month end",
            )
            self.charter.bau_contact_id = self.manager
            self.charter.with_user(self.manager).action_close(override_reason="Done")
            with self.assertRaises(UserError):
                self._wizard(new_end_date="2027-02-28", reason="Late").action_extend()
            # nor written back to a running state around the actions
            with self.assertRaises(UserError):
                self.charter.with_user(self.manager).write({"state": "active"})
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(len(self.charter.extension_ids), 1)
