from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NOW, HypercareCase

# Wednesday of the fourth week after go-live (Monday 2026-11-16).
LATER = datetime(2026, 12, 9, 10, 0, 0)
# Monday 2026-12-07 00:00 in Brussels (UTC+1): start of the current week at LATER.
CURRENT_WEEK_UTC = datetime(2026, 12, 6, 23, 0, 0)


@tagged("-at_install", "post_install")
class TestExitGate(HypercareCase):
    """Every exit criterion, its boundaries, exit readiness and closing."""

    def _criterion(self, kind, charter=None):
        charter = charter or self.charter
        return charter.exit_criterion_ids.filtered(lambda c: c.kind == kind)

    def _measure(self, kind, at=NOW):
        """(current_value, is_met) of the charter's criterion of ``kind`` at ``at``."""
        criterion = self._criterion(kind)
        self.env.invalidate_all()
        with freeze_time(at):
            return criterion.current_value, criterion.is_met

    def _ticket_at(self, when, level="medium", **vals):
        with freeze_time(when):
            return self._create_ticket(level=level, **vals)

    def _resolve_at(self, ticket, when):
        with freeze_time(when):
            self._resolve(ticket)

    def _sign_manuals(self):
        manuals = self._criterion("manual")
        manuals.write({"evidence": "Minutes of the steering committee"})
        manuals.with_user(self.manager).action_sign()

    def test_default_criteria(self):
        criteria = self.charter.exit_criterion_ids
        self.assertEqual(
            {c.kind: c.threshold for c in criteria if c.kind != "manual"},
            {
                "open_critical": 0.0,
                "open_high": 10.0,
                "sla_critical_high": 75.0,
                "incoming_trend": 0.0,
                "volume_baseline": 100.0,
                "sustained_sla": 2.0,
                "first_close": 1.0,
                "bau_contact": 1.0,
                "internal_resolution": 70.0,
                "howto_trend": 0.0,
                "active_users": 80.0,
                "pulse": 3.5,
                "reopen_rate": 10.0,
            },
        )
        manuals = self._criterion("manual")
        self.assertEqual(len(manuals), 3)
        # every default is required but the pulse and the reopen rate (SPEC:
        # not required by default)
        optional = self._criterion("pulse") | self._criterion("reopen_rate")
        self.assertTrue(all((criteria - optional).mapped("required")))
        self.assertFalse(any(optional.mapped("required")))
        self.assertIn("Knowledge transfer complete", manuals.mapped("name"))
        self.assertEqual(self._criterion("open_high").target_display, "< 10")
        self.assertEqual(self._criterion("sla_critical_high").target_display, "> 75 %")

    def test_thresholds_validated(self):
        with self.assertRaises(ValidationError):
            self._criterion("sla_critical_high").threshold = 120
        with self.assertRaises(ValidationError):
            self._criterion("open_high").threshold = -1
        self.assertEqual(self._criterion("open_critical").target_display, "= 0")
        self._criterion("open_critical").threshold = 2
        self.assertEqual(self._criterion("open_critical").target_display, "≤ 2")
        self.charter.baseline_weekly_volume = 40
        self.assertIn("≤ 40", self._criterion("volume_baseline").target_display)

    def test_given_criteria_are_kept(self):
        charter = self.env["hypercare.charter"].create(
            {
                "name": "Own gate",
                "go_live_date": "2026-11-16",
                "planned_end_date": "2026-12-16",
                "exit_criterion_ids": [
                    (0, 0, {"name": "CFO happy", "kind": "manual", "required": True})
                ],
            }
        )
        self.assertEqual(charter.exit_criterion_ids.mapped("name"), ["CFO happy"])

    def test_open_critical_equals_zero(self):
        self.assertEqual(self._measure("open_critical"), (0.0, True))
        ticket = self._ticket_at(NOW - timedelta(hours=2), level="critical")
        self.assertEqual(self._measure("open_critical"), (1.0, False))
        self._resolve_at(ticket, NOW - timedelta(hours=1))
        self.assertEqual(self._measure("open_critical"), (0.0, True))
        other = self._ticket_at(NOW - timedelta(hours=1), level="critical")
        self._cancel(other)
        self.assertEqual(self._measure("open_critical"), (0.0, True))

    def test_open_high_below_ten(self):
        for _i in range(9):
            self._ticket_at(NOW - timedelta(hours=3), level="high")
        self._ticket_at(NOW - timedelta(hours=3), level="medium")
        self.assertEqual(self._measure("open_high"), (9.0, True))
        self._ticket_at(NOW - timedelta(hours=3), level="high")
        self.assertEqual(self._measure("open_high"), (10.0, False))

    def test_sla_critical_high_share(self):
        self.assertEqual(self._measure("sla_critical_high"), (100.0, True))
        start = datetime(2026, 11, 18, 8, 0, 0)
        # P1: 4 h to resolve, P2: 16 h, wall clock
        for level in ("critical", "critical", "high"):
            self._resolve_at(
                self._ticket_at(start, level=level), start + timedelta(hours=2)
            )
        late = self._ticket_at(start, level="critical")
        self._resolve_at(late, start + timedelta(hours=5))
        # medium tickets do not count
        self._resolve_at(
            self._ticket_at(start, level="medium"), start + timedelta(days=4)
        )
        self.assertEqual(self._measure("sla_critical_high"), (75.0, False))
        # open and not yet due: not counted
        open_ticket = self._ticket_at(NOW - timedelta(hours=1), level="critical")
        self.assertEqual(self._measure("sla_critical_high"), (75.0, False))
        self._resolve_at(
            self._ticket_at(start, level="high"), start + timedelta(hours=15)
        )
        self.assertEqual(self._measure("sla_critical_high"), (80.0, True))
        # open past its deadline counts as a miss
        self.assertEqual(
            self._measure("sla_critical_high", at=NOW + timedelta(hours=4)),
            (66.7, False),
        )
        self.assertTrue(open_ticket.hypercare_is_open)

    def test_incoming_trend_and_volume_week_edges(self):
        """Weeks are cut at Monday 00:00 Brussels time, not UTC."""
        self.charter.baseline_weekly_volume = 3
        last_week = [
            datetime(2026, 11, 30, 8, 0, 0),
            datetime(2026, 12, 3, 12, 0, 0),
            CURRENT_WEEK_UTC - timedelta(minutes=30),  # Sunday 23:30 Brussels
            # Sunday 29 Nov 23:30 UTC is Monday 00:30 Brussels: last week
            datetime(2026, 11, 29, 23, 30, 0),
        ]
        week_before = [
            datetime(2026, 11, 23, 9, 0, 0),
            datetime(2026, 11, 26, 9, 0, 0),
            datetime(2026, 11, 29, 22, 30, 0),  # Sunday 23:30 Brussels
        ]
        for when in last_week + week_before:
            self._ticket_at(when)
        # Monday 00:30 Brussels of the current week: not a full week yet
        self._ticket_at(CURRENT_WEEK_UTC + timedelta(minutes=30))
        self.assertEqual(self._measure("volume_baseline", at=LATER), (4.0, False))
        self.assertEqual(self._measure("incoming_trend", at=LATER), (1.0, False))
        # one ticket of last week cancelled as a duplicate: 3 against 3
        with freeze_time(LATER):
            tickets = self.env[self.ticket_model].search(
                [("hypercare_charter_id", "=", self.charter.id)], order="id"
            )
        self._cancel(tickets[0])
        self.assertEqual(self._measure("volume_baseline", at=LATER), (3.0, True))
        # flat, and both weeks at the baseline: a quiet week is not a failure
        self.assertEqual(self._measure("incoming_trend", at=LATER), (0.0, True))
        self.charter.baseline_weekly_volume = 2.9
        self.assertEqual(self._measure("incoming_trend", at=LATER), (0.0, False))
        self.charter.baseline_weekly_volume = 3
        for _i in range(2):
            self._ticket_at(datetime(2026, 11, 24, 9, 0, 0))
        self.assertEqual(self._measure("incoming_trend", at=LATER), (-2.0, True))
        # a week earlier: 5 reported in the week of 23 Nov, none in go-live week
        self.assertEqual(
            self._measure("incoming_trend", at=LATER - timedelta(days=7)), (5.0, False)
        )
        # a threshold of 50 % halves the allowed volume
        self._criterion("volume_baseline").threshold = 50
        self.assertEqual(self._measure("volume_baseline", at=LATER), (3.0, False))

    def test_volume_baseline_boundary(self):
        self.charter.baseline_weekly_volume = 2
        self.assertEqual(self._measure("volume_baseline", at=LATER), (0.0, True))
        for day in (1, 2):
            self._ticket_at(datetime(2026, 11, 30, 9, 0, 0) + timedelta(days=day))
        self.assertEqual(self._measure("volume_baseline", at=LATER), (2.0, True))
        self._ticket_at(datetime(2026, 12, 4, 9, 0, 0))
        self.assertEqual(self._measure("volume_baseline", at=LATER), (3.0, False))

    def test_sustained_sla_weeks(self):
        # measured against the BAU matrix: here as tight as the hypercare P1
        self.charter.bau_severity_ids.filtered(lambda s: s.level == "critical").write(
            {"response_hours": 1.0, "resolution_hours": 4.0}
        )
        # three full weeks since go-live, nothing due in any: all count
        self.assertEqual(self._measure("sustained_sla", at=LATER), (3.0, True))
        # right after go-live no full week has passed
        self.assertEqual(
            self._measure("sustained_sla", at=datetime(2026, 11, 18, 9, 0)),
            (0.0, False),
        )
        # week 2: a P1 never acknowledged nor resolved, both clocks due that week
        self._ticket_at(datetime(2026, 11, 24, 10, 0, 0), level="critical")
        self.assertEqual(self._measure("sustained_sla", at=LATER), (1.0, False))
        # week 3 at exactly the target: one clock of two met, target 50 %
        self.charter.sla_target = 50
        ok = self._ticket_at(datetime(2026, 12, 1, 10, 0, 0), level="critical")
        ok.date_acknowledged = datetime(2026, 12, 1, 10, 30, 0)
        self._resolve_at(ok, datetime(2026, 12, 1, 12, 0, 0))
        late = self._ticket_at(datetime(2026, 12, 2, 10, 0, 0), level="critical")
        late.date_acknowledged = datetime(2026, 12, 2, 12, 0, 0)
        self._resolve_at(late, datetime(2026, 12, 2, 13, 0, 0))
        self.assertEqual(self._measure("sustained_sla", at=LATER), (1.0, False))
        # week 2 at 0 % response compliance; at 51 % week 3 fails too
        self.charter.sla_target = 51
        self.assertEqual(self._measure("sustained_sla", at=LATER), (0.0, False))
        # fix week 2 (tickets cancelled) and week 3 counts again at 50 %
        self.charter.sla_target = 50
        with freeze_time(LATER):
            week2 = self.env[self.ticket_model].search(
                [
                    ("hypercare_charter_id", "=", self.charter.id),
                    ("date_reported", "<", datetime(2026, 11, 30)),
                ]
            )
        self._cancel(week2)
        self.assertEqual(self._measure("sustained_sla", at=LATER), (3.0, True))

    def test_sustained_sla_counts_due_week_in_charter_tz(self):
        """A P1 reported Sunday 22:00 UTC has its deadlines on Monday in
        Brussels: its miss belongs to the current week, not the last full one."""
        self._ticket_at(datetime(2026, 12, 6, 22, 30, 0), level="critical")
        # response due 23:30 UTC = Monday 00:30 Brussels, resolution later still
        self.assertEqual(self._measure("sustained_sla", at=LATER), (3.0, True))
        self.assertEqual(
            self._measure("sustained_sla", at=LATER + timedelta(days=7)), (0.0, False)
        )

    def test_first_close_and_bau_contact(self):
        self.assertEqual(self._measure("first_close"), (0.0, False))
        self.assertEqual(self._measure("bau_contact"), (0.0, False))
        close = (
            self.env["hypercare.first.close"]
            .with_user(self.manager)
            .create(
                {
                    "charter_id": self.charter.id,
                    "period_end": "2026-11-30",
                    "item_ids": [],
                }
            )
        )
        self.assertEqual(self._measure("first_close"), (0.0, False))
        close.action_close()
        self.assertEqual(self._measure("first_close"), (1.0, True))
        self.charter.bau_contact_id = self.champion_user
        self.assertEqual(self._measure("bau_contact"), (1.0, True))

    def test_manual_sign(self):
        criterion = self._criterion("manual")[0]
        self.assertEqual((criterion.current_value, criterion.is_met), (0.0, False))
        criterion_champion = criterion.with_user(self.champion_user)
        self.assertEqual(criterion_champion.name, criterion.name)  # champions read
        with self.assertRaises(UserError):
            criterion_champion.action_sign()
        self.assertFalse(criterion.date_signed)
        with self.assertRaises(UserError):
            criterion.with_user(self.manager).action_sign()  # no evidence
        criterion.with_user(self.manager).write({"evidence": "  "})
        with self.assertRaises(UserError):
            criterion.with_user(self.manager).action_sign()
        self.assertFalse(criterion.date_signed)
        criterion.with_user(self.manager).write({"evidence": "KT sessions signed off"})
        with freeze_time(NOW):
            criterion.with_user(self.manager).action_sign()
        self.assertEqual(criterion.signed_by_id, self.manager)
        self.assertEqual(criterion.date_signed, NOW)
        self.assertEqual((criterion.current_value, criterion.is_met), (1.0, True))
        with self.assertRaises(UserError):
            self._criterion("open_high").with_user(self.manager).action_sign()

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

    def test_not_measurable_before_the_first_full_week(self):
        """Before go-live and before the first full week after it, the
        criteria measured on full weeks are not measurable (not met) and the
        charter is never exit-ready; a charter without criteria neither."""
        week_kinds = {
            "incoming_trend",
            "volume_baseline",
            "sustained_sla",
            "internal_resolution",
            "howto_trend",
            "active_users",
            "pulse",
            # last full week's resolutions reopened (known issues' verification)
            "reopen_rate",
        }
        # a blank charter in the form: no criterion, nothing measured
        blank = (
            self.env["hypercare.charter"].with_user(self.manager).new({"name": "Blank"})
        )
        self.assertFalse(blank.exit_ready)
        with freeze_time(NOW):
            draft = self.env["hypercare.charter"].create(
                dict(self._charter_vals(), name="Draft", go_live_date="2026-12-07")
            )
            self.assertEqual(draft.state, "draft")
            self.assertFalse(draft.exit_ready)
            for criterion in draft.exit_criterion_ids:
                self.assertEqual(criterion.measurable, criterion.kind not in week_kinds)
            self.assertFalse(
                draft.exit_criterion_ids.filtered(
                    lambda c: c.kind in week_kinds and c.is_met
                )
            )
            # day 0 of a go-live on this Monday, no ticket
            today = self._create_charter(name="Day 0", go_live_date="2026-11-23")
            criteria = today.exit_criterion_ids
            self.assertEqual(
                set(criteria.filtered(lambda c: not c.measurable).mapped("kind")),
                week_kinds,
            )
            self.assertFalse(
                any(criteria.filtered(lambda c: not c.measurable).mapped("is_met"))
            )
            # met: no open critical or high, no SLA due
            self.assertEqual(
                set(criteria.filtered("is_met").mapped("kind")),
                {"open_critical", "open_high", "sla_critical_high"},
            )
            self.assertEqual(today.exit_met_count, 3)
            self.assertFalse(today.exit_ready)
            html = today.standup_html
        self.assertIn("not measurable yet", str(html))
        # the Monday after the go-live week: the week is measured
        self.env.invalidate_all()
        with freeze_time(datetime(2026, 11, 30, 10, 0, 0)):
            self.assertTrue(all(today.exit_criterion_ids.mapped("measurable")))
            incoming = today.exit_criterion_ids.filtered(
                lambda c: c.kind == "incoming_trend"
            )
            # a quiet, flat fortnight
            self.assertTrue(incoming.is_met)

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
