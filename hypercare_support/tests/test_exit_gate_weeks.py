from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW
from .common_exit_gate import LATER, ExitGateCase

# Monday 2026-12-07 00:00 in Brussels (UTC+1): start of the current week at LATER.
CURRENT_WEEK_UTC = datetime(2026, 12, 6, 23, 0, 0)


@tagged("-at_install", "post_install")
class TestExitGateWeeks(ExitGateCase):
    """The exit criteria measured on full weeks of the charter's calendar:
    incoming trend, volume against the baseline, sustained SLA, and none of
    them measurable before the first full week."""

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
