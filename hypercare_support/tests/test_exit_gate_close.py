from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import NOW
from .common_exit_gate import LATER, ExitGateCase


@tagged("-at_install", "post_install")
class TestExitGateClose(ExitGateCase):
    """Exit readiness, closing (with or without an override) and what shows
    the gate: the stand-up, its summary and the reports."""

    def _sign_manuals(self):
        manuals = self._criterion("manual")
        manuals.write({"evidence": "Minutes of the steering committee"})
        manuals.with_user(self.manager).action_sign()

    def _make_exit_ready(self):
        """Week 2 had a ticket handled in time, week 3 none: trending down."""
        ticket = self._ticket_at(datetime(2026, 11, 24, 10, 0, 0), level="high")
        ticket.date_acknowledged = datetime(2026, 11, 24, 10, 30, 0)
        self._resolve_at(ticket, datetime(2026, 11, 24, 15, 0, 0))
        self.charter.write(
            {"baseline_weekly_volume": 5, "bau_contact_id": self.manager.id}
        )
        close = self.env["hypercare.first.close"].create(
            {"charter_id": self.charter.id, "period_end": "2026-11-30"}
        )
        close.item_ids.write({"done": True})
        close.action_close()
        self._sign_manuals()
        # adoption evidence of the last full week before LATER (adoption criteria)
        self._make_adoption_ready(
            datetime(2026, 12, 1, 10, 0, 0), datetime(2026, 11, 25, 10, 0, 0)
        )

    def test_exit_ready_and_close(self):
        self.env.invalidate_all()
        with freeze_time(LATER):
            self.assertFalse(self.charter.exit_ready)
        self._make_exit_ready()
        self.env.invalidate_all()
        with freeze_time(LATER):
            unmet = self.charter._hypercare_unmet_criteria()
            self.assertFalse(unmet, unmet.mapped("name"))
            self.assertTrue(self.charter.exit_ready)
            with self.assertRaises(UserError):
                self.charter.with_user(self.champion_user).action_close()
            self.charter.with_user(self.manager).action_close()
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(self.charter.closed_by_id, self.manager)
        self.assertEqual(self.charter.date_closed, LATER)
        self.assertFalse(self.charter.close_override_reason)

    def test_optional_criterion_does_not_block(self):
        self._make_exit_ready()
        self._ticket_at(LATER - timedelta(hours=1), level="critical")
        self.env.invalidate_all()
        with freeze_time(LATER):
            self.assertFalse(self.charter.exit_ready)
            self._criterion("open_critical").required = False
            self.env.invalidate_all()
            self.assertTrue(self.charter.exit_ready)

    def test_close_override(self):
        # closing hands over to the BAU contact: the charter must name one
        self.charter.bau_contact_id = self.manager
        charter = self.charter.with_user(self.manager)
        with freeze_time(NOW):
            self.assertFalse(charter.exit_ready)
            with self.assertRaises(UserError):
                charter.action_close()
            with self.assertRaises(UserError):
                charter.action_close(override_reason="   ")
            self.assertEqual(self.charter.state, "active")
            with self.assertRaises(UserError):
                self.charter.with_user(self.champion_user).action_close(
                    override_reason="Because"
                )
            wizard = (
                self.env["hypercare.charter.close"]
                .with_user(self.manager)
                .create(
                    {
                        "charter_id": self.charter.id,
                        "override_reason": "Steering committee accepts the risk",
                    }
                )
            )
            self.assertFalse(wizard.exit_ready)
            self.assertTrue(wizard.unmet_criterion_ids)
            wizard.action_close()
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(
            self.charter.close_override_reason, "Steering committee accepts the risk"
        )
        self.assertEqual(self.charter.closed_by_id, self.manager)
        self.assertIn(
            "Steering committee accepts the risk",
            "".join(self.charter.message_ids[:2].mapped("body")),
        )
        with self.assertRaises(UserError):
            charter.action_close(override_reason="again")

    def test_standup_and_summary(self):
        self._ticket_at(NOW - timedelta(hours=3), level="critical", support_layer="l2")
        self._ticket_at(NOW - timedelta(days=2), level="high", issue_type="how_to")
        self.charter.write(
            {
                "reporting_lead_id": self.champion_user.id,
                "executive_sponsor_id": self.user.id,
                "last_standup_date": NOW - timedelta(days=1),
            }
        )
        self.env.invalidate_all()
        with freeze_time(NOW):
            data = self.charter._hypercare_standup_data()
            self.assertEqual(data["matrix"][("critical", "l2")], 1)
            self.assertEqual(data["matrix"][("high", "l1")], 1)
            self.assertEqual(data["new_count"], 1)
            # oldest first; the P1 missed its 1 h response
            self.assertEqual(
                [(b["severity"], b["breached"]) for b in data["blockers"]],
                [(self.sev["high"].name, True), (self.sev["critical"].name, True)],
            )
            last_week = data["weeks"][-2]
            self.assertEqual(last_week["incoming"], 1)
            self.assertEqual(last_week["how_to_pct"], 100.0)
            self.assertEqual(data["weeks"][-1]["incoming"], 1)
            self.assertEqual(data["functions"], [("Finance", 1)])
            self.assertEqual(self.charter.days_since_go_live, 7)
            self.assertIn("Daily stand-up", self.charter.cadence)
            html = self.charter.standup_html
            self.assertIn("Exit gate", html)
            self.assertIn("Knowledge transfer complete", html)
            self.env["hypercare.charter"]._cron_standup_summary()
        message = self.charter.message_ids[:1]
        self.assertIn("stand-up", message.subject)
        self.assertIn("Knowledge transfer complete", message.body)
        self.assertIn("Open tickets by severity and layer", message.body)
        self.assertEqual(
            message.partner_ids,
            (self.manager | self.champion_user | self.user).partner_id,
        )
        self.assertEqual(self.charter.last_standup_date, NOW)
        with freeze_time(datetime(2026, 11, 17, 9, 0)):
            self.charter.invalidate_recordset(["cadence"])
            self.assertIn("several times a day", self.charter.cadence)

    def test_reports_render(self):
        self._ticket_at(NOW - timedelta(hours=3), level="critical")
        Report = self.env["ir.actions.report"].with_user(self.manager)
        with freeze_time(NOW):
            html, _type = Report._render_qweb_html(
                "hypercare_support.hypercare_standup_report", self.charter.ids
            )
            self.assertIn(b"Open tickets by severity and layer", html)
            self.charter.bau_contact_id = self.manager
            self.charter.with_user(self.manager).action_close(
                override_reason="Accepted by the sponsor"
            )
            html, _type = Report._render_qweb_html(
                "hypercare_support.hypercare_exit_report", self.charter.ids
            )
        self.assertIn(b"Accepted by the sponsor", html)
        self.assertIn(b"Knowledge transfer complete", html)
