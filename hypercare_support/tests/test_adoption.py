from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.hypercare_charter_adoption import HypercareCharter
from .common_adoption import (
    CURRENT_START,
    JUST_BEFORE_CURRENT,
    JUST_BEFORE_LAST,
    LAST_START,
    MID_BEFORE,
    MID_LAST,
    NOW,
    AdoptionCase,
)


@tagged("-at_install", "post_install")
class TestAdoption(AdoptionCase):
    """The adoption exit criteria (internal resolution, how-to trend, active
    users, pulse) at the week edges of a Brussels calendar."""

    # -- defaults --------------------------------------------------------------

    def test_default_adoption_criteria(self):
        criteria = {
            c.kind: (c.threshold, c.required) for c in self.charter.exit_criterion_ids
        }
        self.assertEqual(criteria["internal_resolution"], (70.0, True))
        self.assertEqual(criteria["howto_trend"], (0.0, True))
        self.assertEqual(criteria["active_users"], (80.0, True))
        self.assertEqual(criteria["pulse"], (3.5, False))

    # -- internal resolution ------------------------------------------------------

    def test_internal_resolution_week_edges(self):
        self._floor(LAST_START)  # first second of the last week: counted
        self._floor(JUST_BEFORE_CURRENT)  # last second: counted
        self._floor(JUST_BEFORE_LAST)  # the week before: not counted
        self._floor(CURRENT_START)  # this week: not counted
        partner = self._ticket_at(MID_LAST)
        partner.support_layer = "l3"
        internal = self._ticket_at(MID_LAST)
        with freeze_time(MID_LAST):
            self._resolve(partner)
            self._resolve(internal)
        # 2 floor + 1 L1 ticket internally, 1 at L3: 75 %
        self.assertEqual(self._measure("internal_resolution"), (75.0, True, False))
        # self-help deflections count as solved internally
        with patch.object(
            HypercareCharter,
            "_hypercare_self_help_deflections",
            lambda charters, date_from, date_to: (
                {self.charter.id: 2}
                if (date_from, date_to) == (LAST_START, CURRENT_START)
                else {}
            ),
        ):
            self.assertEqual(self._measure("internal_resolution"), (83.3, True, False))
        self._criterion("internal_resolution").threshold = 80
        self.assertEqual(self._measure("internal_resolution"), (75.0, False, False))

    def test_internal_resolution_without_questions(self):
        self._floor(JUST_BEFORE_LAST)
        self.assertEqual(self._measure("internal_resolution"), (0.0, False, True))

    # -- how-to trend ---------------------------------------------------------------

    def test_howto_trend_week_edges(self):
        self.assertEqual(self._measure("howto_trend"), (0.0, True, False))
        self._ticket_at(LAST_START, issue_type="how_to")
        self._ticket_at(JUST_BEFORE_LAST, issue_type="training")
        self._ticket_at(MID_BEFORE, issue_type="defect")  # not a how-to
        # one each week: flat, not trending down
        self.assertEqual(self._measure("howto_trend"), (0.0, False, False))
        self._floor(JUST_BEFORE_LAST)
        self.assertEqual(self._measure("howto_trend"), (-1.0, True, False))
        self._floor(JUST_BEFORE_CURRENT)
        self._floor(JUST_BEFORE_CURRENT)
        self._floor(CURRENT_START)  # this week's: not yet counted
        self.assertEqual(self._measure("howto_trend"), (1.0, False, False))

    # -- active users ---------------------------------------------------------------

    def test_active_users_from_daily_record(self):
        self.assertEqual(self._measure("active_users"), (0.0, False, True))
        self.charter.scope_user_ids = [(6, 0, [u.id for u in self.scope])]
        for user, when in zip(
            self.scope,
            (
                LAST_START,
                JUST_BEFORE_CURRENT,
                MID_LAST,
                CURRENT_START,
                JUST_BEFORE_LAST,
            ),
            strict=True,
        ):
            self._log_login(user, when)
        self._log_login(self.champion_user, MID_LAST)  # not in scope
        Activity = self.env["hypercare.user.activity"]
        with freeze_time(NOW):
            Activity._cron_record_activity(since=datetime(2026, 11, 1))
            # idempotent: a second run adds nothing
            self.assertEqual(
                Activity._cron_record_activity(since=datetime(2026, 11, 1)), 0
            )
        rows = Activity.search([("charter_id", "=", self.charter.id)])
        self.assertEqual(len(rows), 5)
        self.assertEqual(
            rows.filtered(lambda r: r.user_id == self.scope[0]).date,
            datetime(2026, 11, 23).date(),  # the local day, not the UTC one
        )
        # Odoo keeps only the last login row per user: the daily record stays
        self.env.cr.execute("DELETE FROM res_users_log")
        self.assertEqual(self._measure("active_users"), (60.0, False, False))
        self._criterion("active_users").threshold = 60
        self.assertEqual(self._measure("active_users"), (60.0, True, False))

    # -- pulse ------------------------------------------------------------------------

    def test_pulse_week_edges_and_enough_data(self):
        users = self.scope
        for user in users[:4]:
            self._pulse(user, 4, when=LAST_START)
        self._pulse(users[4], 1, when=JUST_BEFORE_LAST)  # the week before
        # four answers: not enough data, never met
        self.assertEqual(self._measure("pulse"), (0.0, False, True))
        self._pulse(self.user, 2, when=JUST_BEFORE_CURRENT)
        self.assertEqual(self._measure("pulse"), (3.6, True, False))
        self._criterion("pulse").threshold = 3.7
        self.assertEqual(self._measure("pulse"), (3.6, False, False))
