from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from ..charter_templates import PLATFORM_WINDOWS
from .common import GO_LIVE, NOW, HypercareCase

# Wednesday of the fourth week after go-live: the last full week is the one
# of 30 November, the week before it the one of 23 November (Brussels time).
LATER = datetime(2026, 12, 9, 10, 0, 0)
LAST_WEEK = datetime(2026, 12, 1, 10, 0, 0)
WEEK_BEFORE = datetime(2026, 11, 24, 10, 0, 0)


class ContractCase(HypercareCase):
    """Helpers shared by the contract tests: charters created by a manager,
    the notes logged on a charter."""

    def _new_charter(self, user=None, **vals):
        vals = {"name": "Go-live France", "go_live_date": GO_LIVE, **vals}
        return (
            self.env["hypercare.charter"].with_user(user or self.manager).create(vals)
        )

    def _notes(self, charter, since=None):
        """Plain text of the charter's chatter messages, oldest first."""
        messages = charter.message_ids.sorted("id")
        if since is not None:
            messages = messages.filtered(lambda m: m.id > since)
        return [html2plaintext(m.body or "") for m in messages]

    def _last_message_id(self, charter):
        return max(charter.message_ids.ids or [0])


@tagged("-at_install", "post_install")
class TestGoLive(ContractCase):
    """action_activate(): refused without an incident lead or a champion,
    warned about a zero baseline, reserved to managers (issue 19, item 11)."""

    def test_go_live_needs_incident_lead_and_champion(self):
        charter = self._new_charter()
        with self.assertRaises(UserError) as caught:
            charter.action_activate()
        message = str(caught.exception)
        self.assertIn("Go-live France cannot go live without", message)
        self.assertIn("an incident lead", message)
        self.assertIn("a champion on its roster", message)
        self.assertEqual(charter.state, "draft")
        charter.incident_lead_id = self.manager
        with self.assertRaises(UserError) as caught:
            charter.action_activate()
        self.assertNotIn("incident lead", str(caught.exception))
        self.assertIn("a champion on its roster", str(caught.exception))
        # an archived roster line is no champion
        line = self.env["hypercare.champion"].create(
            {
                "charter_id": charter.id,
                "user_id": self.champion_user.id,
                "function": "Finance",
                "active": False,
            }
        )
        with self.assertRaises(UserError):
            charter.action_activate()
        self.assertEqual(charter.state, "draft")
        self.assertFalse(charter.date_activated)
        line.active = True
        charter.incident_lead_id = False
        with self.assertRaises(UserError) as caught:
            charter.action_activate()
        self.assertIn("an incident lead", str(caught.exception))
        self.assertNotIn("champion", str(caught.exception))
        charter.incident_lead_id = self.manager
        with freeze_time(NOW):
            charter.with_user(self.manager).action_activate()
        self.assertEqual(charter.state, "active")
        self.assertEqual(charter.date_activated, NOW)

    def test_champion_cannot_go_live_manager_can(self):
        charter = self._new_charter(
            incident_lead_id=self.manager.id,
            baseline_weekly_volume=12,
            champion_ids=[
                Command.create({"user_id": self.champion_user.id, "function": "Sales"})
            ],
        )
        with self.assertRaisesRegex(UserError, "Only a hypercare manager"):
            charter.with_user(self.champion_user).action_activate()
        self.assertEqual(charter.state, "draft")
        with self.assertRaisesRegex(UserError, "Only a hypercare manager"):
            charter.with_user(self.user).action_activate()
        self.assertEqual(charter.state, "draft")
        before = self._last_message_id(charter)
        # with a baseline there is nothing to warn about
        self.assertIs(charter.with_user(self.manager).action_activate(), True)
        self.assertEqual(charter.state, "active")
        self.assertFalse(
            [n for n in self._notes(charter, before) if "baseline" in n],
        )
        # going live again changes nothing
        went_live = charter.date_activated
        with freeze_time(NOW + timedelta(days=3)):
            charter.with_user(self.manager).action_activate()
        self.assertEqual(charter.date_activated, went_live)

    def test_zero_baseline_is_warned_not_refused(self):
        charter = self._new_charter(
            incident_lead_id=self.manager.id,
            champion_ids=[
                Command.create({"user_id": self.champion_user.id, "function": "Sales"})
            ],
        )
        before = self._last_message_id(charter)
        action = charter.with_user(self.manager).action_activate()
        self.assertEqual(charter.state, "active")
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("baseline weekly volume of 0", action["params"]["message"])
        self.assertIn("Go-live France", action["params"]["title"])
        # the form reloads after the notification
        self.assertEqual(
            action["params"]["next"]["type"], "ir.actions.act_window_close"
        )
        notes = [n for n in self._notes(charter, before) if "baseline" in n]
        self.assertEqual(len(notes), 1)
        self.assertIn("baseline weekly volume of 0", notes[0])


@tagged("-at_install", "post_install")
class TestPlannedEndDefault(ContractCase):
    """planned_end_date defaults to go-live plus the platform's window
    (issue 19, item 14)."""

    def test_default_window_per_platform(self):
        expected = {"odoo": 42, "d365_bc": 30, "d365_fo": 56, "other": 42}
        self.assertEqual(PLATFORM_WINDOWS, expected)
        go_live = date(2026, 11, 16)
        for platform, days in expected.items():
            with self.subTest(platform=platform):
                charter = self._new_charter(name=platform, platform=platform)
                self.assertEqual(charter.planned_end_date, go_live + timedelta(days))
        # the form fills it in too, following the platform until saved
        with freeze_time(NOW):
            form = Form(self.env["hypercare.charter"].with_user(self.manager))
            form.name = "Go-live Spain"
            self.assertEqual(form.planned_end_date, date(2026, 11, 23) + timedelta(42))
            form.go_live_date = GO_LIVE
            form.platform = "d365_fo"
            self.assertEqual(form.planned_end_date, go_live + timedelta(56))
            charter = form.save()
        self.assertEqual(charter.planned_end_date, go_live + timedelta(56))
        # once saved, the agreed end does not move with the go-live date
        charter.go_live_date = "2026-11-20"
        charter.platform = "d365_bc"
        self.assertEqual(charter.planned_end_date, go_live + timedelta(56))

    def test_given_end_is_kept(self):
        charter = self._new_charter(platform="d365_bc", planned_end_date="2027-03-31")
        self.assertEqual(charter.planned_end_date, date(2027, 3, 31))

    def test_champion_cannot_create_a_charter(self):
        with self.assertRaises(AccessError):
            self._new_charter(user=self.champion_user)


@tagged("-at_install", "post_install")
class TestContractLog(ContractCase):
    """Once live, the severity matrix and the exit criteria are terms of a
    contract: every change is logged on the charter, old → new; signing and
    unsigning too; nothing is signed or unsigned on a closed charter (issue 19,
    item 12)."""

    def test_severity_changes_logged_after_go_live(self):
        charter = self.charter
        high = self.sev["high"].with_user(self.manager)
        before = self._last_message_id(charter)
        high.write(
            {"response_hours": 4.0, "business_hours_only": True, "warning_ratio": 0.5}
        )
        [note] = self._notes(charter, before)
        self.assertIn("Severity matrix changed after go-live", note)
        self.assertIn("P2 / High: Response Hours 2 → 4", note)
        self.assertIn("Business Hours Only No → Yes", note)
        self.assertIn("Warning Ratio 0.75 → 0.5", note)
        self.assertNotIn("Resolution Hours", note)
        # the level and the name too; an unchanged value or the order is no change
        before = self._last_message_id(charter)
        high.write({"level": "critical", "name": "P2 / Urgent", "sequence": 7})
        high.write({"response_hours": 4.0, "sequence": 8})
        [note] = self._notes(charter, before)
        self.assertIn("Level High → Critical", note)
        self.assertIn("Name P2 / High → P2 / Urgent", note)
        # rows added and removed
        before = self._last_message_id(charter)
        Severity = self.env["hypercare.severity"].with_user(self.manager)
        p5 = Severity.create(
            {
                "charter_id": charter.id,
                "name": "P5 / Cosmetic",
                "level": "low",
                "response_hours": 40,
                "resolution_hours": 200,
            }
        )
        p5.unlink()
        added, removed = self._notes(charter, before)
        self.assertIn("Added: P5 / Cosmetic", added)
        self.assertIn("Response Hours 40", added)
        self.assertIn("Removed: P5 / Cosmetic", removed)
        # a champion cannot change the matrix at all
        with self.assertRaises(AccessError):
            self.sev["low"].with_user(self.champion_user).response_hours = 1

    def test_draft_charter_changes_not_logged(self):
        charter = self._new_charter()
        before = self._last_message_id(charter)
        charter.severity_ids[:1].response_hours = 3
        charter.exit_criterion_ids[:1].threshold = 1
        self.assertFalse(self._notes(charter, before))

    def test_criterion_threshold_and_required_logged(self):
        charter = self.charter
        high = charter.exit_criterion_ids.filtered(lambda c: c.kind == "open_high")
        before = self._last_message_id(charter)
        high.with_user(self.manager).write({"threshold": 20, "required": False})
        [note] = self._notes(charter, before)
        self.assertIn("Exit criteria changed after go-live", note)
        self.assertIn("Threshold 10 → 20", note)
        self.assertIn("Required Yes → No", note)
        with self.assertRaises(AccessError):
            high.with_user(self.champion_user).threshold = 5
        self.assertEqual(high.threshold, 20)

    def test_sign_and_unsign_logged_nothing_on_a_closed_charter(self):
        charter = self.charter
        manual = charter.exit_criterion_ids.filtered(lambda c: c.kind == "manual")[0]
        manual = manual.with_user(self.manager)
        manual.evidence = "KT minutes of 20 November"
        before = self._last_message_id(charter)
        with freeze_time(NOW):
            manual.action_sign()
        with self.assertRaises(UserError):
            manual.evidence = "Something else"
        with freeze_time(NOW + timedelta(hours=1)):
            manual.action_unsign()
        signed, unsigned = self._notes(charter, before)
        self.assertIn("Exit criterion signed", signed)
        self.assertIn("KT minutes of 20 November", signed)
        self.assertIn("Exit criterion unsigned", unsigned)
        self.assertIn(f"signed by {self.manager.name}", unsigned)
        self.assertFalse(manual.date_signed)
        # a champion can do neither
        with self.assertRaises(UserError):
            manual.with_user(self.champion_user).action_sign()
        # signed again, then hypercare closes (by override): the gate is frozen
        other = charter.exit_criterion_ids.filtered(lambda c: c.kind == "manual")[1]
        other.with_user(self.manager).evidence = "DR plan v2"
        with freeze_time(NOW):
            manual.action_sign()
            # closing hands over to the BAU contact: the charter must name one
            charter.bau_contact_id = self.manager
            charter.with_user(self.manager).action_close("Steering committee")
        self.assertEqual(charter.state, "closed")
        # nothing of the gate is edited any more: evidence, thresholds, rows
        with self.assertRaises(UserError):
            other.with_user(self.manager).evidence = "DR plan v3"
        before = self._last_message_id(charter)
        for criterion, action in ((manual, "action_unsign"), (other, "action_sign")):
            with self.assertRaises(UserError) as caught:
                getattr(criterion.with_user(self.manager), action)()
            self.assertIn("is closed", str(caught.exception))
        with self.assertRaises(UserError):
            manual.write({"date_signed": False, "signed_by_id": False})
        self.assertEqual(manual.date_signed, NOW)
        self.assertEqual(manual.signed_by_id, self.manager)
        self.assertFalse(other.date_signed)
        self.assertFalse(
            [n for n in self._notes(charter, before) if "signed" in n.lower()]
        )


@tagged("-at_install", "post_install")
class TestIncomingTrend(ContractCase):
    """incoming_trend: met when trending down, or when both weeks are at or
    below the baseline volume (issue 19, item 15)."""

    def _trend(self):
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.kind == "incoming_trend"
        )
        self.env.invalidate_all()
        with freeze_time(LATER):
            # the lowest user who reads the gate
            criterion = criterion.with_user(self.champion_user)
            return criterion.current_value, criterion.is_met

    def _tickets(self, when, count):
        with freeze_time(when):
            for _i in range(count):
                self._create_ticket("medium")

    def test_two_weeks_at_zero_are_met(self):
        self.assertEqual(self.charter.baseline_weekly_volume, 0)
        self.assertEqual(self._trend(), (0.0, True))

    def test_quiet_weeks_at_or_below_baseline(self):
        self.charter.baseline_weekly_volume = 4
        self._tickets(WEEK_BEFORE, 2)
        self._tickets(LAST_WEEK, 4)
        # rising, but both weeks at or below the baseline
        self.assertEqual(self._trend(), (2.0, True))
        self._tickets(LAST_WEEK, 1)
        # rising above the baseline
        self.assertEqual(self._trend(), (3.0, False))
        # flat above the baseline
        self._tickets(WEEK_BEFORE, 3)
        self.assertEqual(self._trend(), (0.0, False))
        # going down from above the baseline
        self._tickets(WEEK_BEFORE, 1)
        self.assertEqual(self._trend(), (-1.0, True))

    def test_flat_above_zero_baseline_fails(self):
        self._tickets(WEEK_BEFORE, 1)
        self._tickets(LAST_WEEK, 1)
        self.assertEqual(self._trend(), (0.0, False))
