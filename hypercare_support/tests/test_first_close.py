from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestFirstClose(HypercareCase):
    """The first-close readiness form: template, readiness, states."""

    def _new_close(self, **vals):
        return (
            self.env["hypercare.first.close"]
            .with_user(self.manager)
            .create(
                dict(
                    {"charter_id": self.charter.id, "period_end": "2026-11-30"}, **vals
                )
            )
        )

    def test_template_per_platform(self):
        close = self._new_close()
        names = " ".join(close.item_ids.mapped("name")).lower()
        for step in (
            "bank reconciliation",
            "receivable",
            "payable",
            "inventory",
            "tax",
            "lock dates",
        ):
            self.assertIn(step, names)
        self.assertTrue(
            all(d > date(2026, 11, 30) for d in close.item_ids.mapped("date_due"))
        )
        self.assertEqual(close.state, "draft")
        self.assertEqual(close.readiness, 0.0)
        bc = self.env["hypercare.charter"].create(
            {
                "name": "BC go-live",
                "platform": "d365_bc",
                "go_live_date": "2026-11-16",
                "planned_end_date": "2026-12-16",
            }
        )
        bc_close = self.env["hypercare.first.close"].create(
            {"charter_id": bc.id, "period_end": "2026-11-30"}
        )
        self.assertIn("Adjust Cost", " ".join(bc_close.item_ids.mapped("name")))

    def test_readiness_and_states(self):
        close = self._new_close()
        required = close.item_ids.filtered("required")
        optional = close.item_ids - required
        self.assertTrue(optional)
        with self.assertRaises(UserError):
            close.action_close()
        required[:3].write({"done": True})
        self.assertAlmostEqual(close.readiness, 300.0 / len(required), places=1)
        self.assertEqual(close.state, "draft")
        required.write({"done": True})
        self.assertEqual(close.readiness, 100.0)
        self.assertEqual(close.state, "ready")  # optional lines do not block
        required[:1].done = False
        self.assertEqual(close.state, "draft")
        required[:1].done = True
        with freeze_time(NOW):
            close.action_close()
        self.assertEqual(close.state, "closed")
        self.assertEqual(close.date_done, NOW)
        required[:1].done = False  # a closed close stays closed
        self.assertEqual(close.state, "closed")
        with self.assertRaises(UserError):
            close.action_fail()

    def test_without_lines_is_ready(self):
        close = self._new_close(item_ids=[])
        self.assertFalse(close.item_ids)
        self.assertEqual(close.state, "ready")
        self.assertEqual(close.readiness, 100.0)

    def test_fail_and_retry(self):
        close = self._new_close()
        close.action_fail()
        self.assertEqual(close.state, "failed")
        with self.assertRaises(UserError):
            close.action_close()
        close.action_reset()
        self.assertEqual(close.state, "draft")

    def test_overdue_lines(self):
        close = self._new_close()
        with freeze_time("2026-12-06"):
            close.item_ids.invalidate_recordset(["is_overdue"])
            overdue = close.item_ids.filtered("is_overdue")
            self.assertTrue(overdue)
            self.assertFalse(overdue.filtered("done"))
            found = self.env["hypercare.first.close.item"].search(
                [("first_close_id", "=", close.id), ("is_overdue", "=", True)]
            )
            self.assertEqual(found, overdue)
            overdue.write({"done": True})
            close.item_ids.invalidate_recordset(["is_overdue"])
            self.assertFalse(close.item_ids.filtered("is_overdue"))

    def test_access(self):
        close = self._new_close()
        self.assertEqual(close.with_user(self.champion_user).readiness, 0.0)
        with self.assertRaises(AccessError):
            close.with_user(self.champion_user).item_ids[:1].write({"done": True})
        with self.assertRaises(AccessError):
            self.env["hypercare.first.close"].with_user(self.champion_user).create(
                {"charter_id": self.charter.id, "period_end": "2026-11-30"}
            )
        close.item_ids.write({"done": True})
        self.assertEqual(close.state, "ready")
        with self.assertRaises(UserError):
            close.with_user(self.champion_user).action_close()
        self.assertEqual(close.state, "ready")

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Hypercare Other Co"})
        lead = new_test_user(
            self.env,
            login="hc_other_lead",
            groups="base.group_user,hypercare_support.group_hypercare_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        charter = self.env["hypercare.charter"].create(
            {
                "name": "Other go-live",
                "company_id": other.id,
                "go_live_date": "2026-11-16",
                "planned_end_date": "2026-12-16",
                "incident_lead_id": lead.id,
                "champion_ids": [
                    Command.create({"user_id": lead.id, "function": "Finance"})
                ],
            }
        )
        close = self.env["hypercare.first.close"].create(
            {"charter_id": charter.id, "period_end": "2026-11-30"}
        )
        charter.action_activate()
        charter.action_extend("2027-01-31", "Other reasons")
        for model, records in (
            ("hypercare.exit.criterion", charter.exit_criterion_ids),
            ("hypercare.first.close", close),
            ("hypercare.first.close.item", close.item_ids),
            ("hypercare.extension", charter.extension_ids),
        ):
            self.assertTrue(records, model)
            found = (
                self.env[model]
                .with_user(self.manager)
                .search([("id", "in", records.ids)])
            )
            self.assertFalse(found, model)
        seen = self.env["hypercare.exit.criterion"].with_user(self.user).search([])
        self.assertLessEqual(self.charter.exit_criterion_ids, seen)
        self.assertFalse(seen & charter.exit_criterion_ids)
