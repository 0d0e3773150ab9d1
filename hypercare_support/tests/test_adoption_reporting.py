from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common_adoption import MID_BEFORE, MID_LAST, NOW, AdoptionCase


@tagged("-at_install", "post_install")
class TestAdoptionReporting(AdoptionCase):
    """Adoption in the reports: satisfaction ratings, the stand-up, the
    dashboard and its drill-downs."""

    def test_rating_requested_on_resolution(self):
        ticket = self._ticket_at(MID_LAST, hypercare_reporter_id=self.user.id)
        with freeze_time(MID_LAST):
            self._resolve(ticket)
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.user.partner_id)
        self.assertEqual(self.charter._hypercare_satisfaction(), (None, 0))
        ticket.rating_apply(4, token=rating.access_token)
        self.assertEqual(self.charter._hypercare_satisfaction(), (4.0, 1))

    def test_standup_and_dashboard(self):
        self.charter.adoption_lead_id = self.manager
        for user in self.scope:
            self._pulse(user, 4, imported=True)
        with freeze_time(NOW):
            section = self.charter.with_user(self.manager)._hypercare_adoption_section()
            sections = self.charter.with_user(
                self.manager
            )._hypercare_standup_sections()
            dashboard = self.charter._hypercare_dashboard_sections()
            self.env["hypercare.charter"]._cron_adoption_summary()
        self.assertIn("adoption", [s["key"] for s in sections])
        self.assertIn("Pulse last week: 4.0 / 5 (5 answers)", section["lines"])
        self.assertTrue(any("not enough data" in line for line in section["lines"]))
        tiles = {t["key"]: t for t in dashboard["tiles"]}
        self.assertEqual(tiles["pulse"]["value"], 4.0)
        self.assertIsNone(tiles["active_users"]["value"])
        self.assertEqual(tiles["active_users"]["state"], "muted")
        self.assertEqual(tiles["pulse"]["action"]["res_model"], "hypercare.pulse")
        self.assertIn(
            "No function: 0 of 0 users active, pulse 4.0 (5 answers)", section["lines"]
        )
        charts = {c["key"]: c for c in dashboard["charts"]}
        by_function = charts["adoption_by_function"]
        self.assertEqual(by_function["datasets"][1]["data"], [4.0])
        # the 1-5 score on its own axis, not flattened on the shares' 0-100
        self.assertEqual(by_function["datasets"][1]["axis"], "right")
        self.assertEqual(by_function["right_max"], 5)
        pulse = charts["pulse"]
        self.assertEqual(pulse["datasets"][0]["data"][-2], 4.0)
        # a week without answers has no point, not a zero
        self.assertIsNone(pulse["datasets"][0]["data"][-1])
        self.assertEqual(pulse["labels"][-1], "Nov 30 (so far)")
        self.assertEqual(pulse["labels"][-2], "Nov 23")
        message = self.charter.message_ids.filtered(
            lambda m: m.subject and "adoption" in m.subject
        )
        self.assertEqual(message.partner_ids, self.manager.partner_id)

    def test_drilldowns_filter_to_what_was_clicked(self):
        """Each adoption tile and point opens the records of its week (and
        function), under a name that says so."""
        self.charter.scope_user_ids = [(6, 0, [u.id for u in self.scope[:2]])]
        self.env["hypercare.champion"].create(
            {
                "charter_id": self.charter.id,
                "user_id": self.scope[0].id,
                "function": "Sales",
            }
        )
        for user, when in (
            (self.scope[0], MID_LAST),
            (self.scope[1], MID_LAST),
            (self.scope[0], MID_BEFORE),
        ):
            self._log_login(user, when)
        with freeze_time(NOW):
            self.env["hypercare.user.activity"]._cron_record_activity(
                since=datetime(2026, 11, 1)
            )
        last_pulse = self._pulse(self.scope[0], 4)
        self._pulse(self.scope[1], 3, when=MID_BEFORE)
        last_floor = self._floor(MID_LAST)
        self._floor(MID_BEFORE)
        with freeze_time(NOW):
            dashboard = self.charter.with_user(
                self.manager
            )._hypercare_dashboard_sections()
        tiles = {t["key"]: t for t in dashboard["tiles"]}
        charts = {c["key"]: c for c in dashboard["charts"]}
        Activity = self.env["hypercare.user.activity"].with_user(self.manager)
        last_activity = Activity.search(
            [("charter_id", "=", self.charter.id), ("date", ">=", "2026-11-23")]
        )
        self.assertEqual(len(last_activity), 2)
        Pulse = self.env["hypercare.pulse"].with_user(self.manager)
        FloorLog = self.env["hypercare.floor.log"].with_user(self.manager)
        for action, model, expected in (
            (tiles["active_users"]["action"], Activity, last_activity),
            (charts["active_users"]["actions"][-2], Activity, last_activity),
            (tiles["pulse"]["action"], Pulse, last_pulse),
            (charts["pulse"]["actions"][-2], Pulse, last_pulse),
            (tiles["internal_resolution"]["action"], FloorLog, last_floor),
        ):
            with self.subTest(action=action["name"]):
                self.assertIn("week of Nov 23", action["name"])
                self.assertEqual(model.search(action["domain"]), expected)
        # per function: Sales last week
        by_function = charts["adoption_by_function"]
        sales = by_function["labels"].index("Sales")
        action = by_function["actions"][sales]
        self.assertIn("Sales", action["name"])
        self.assertEqual(
            Activity.search(action["domain"]),
            last_activity.filtered(lambda a: a.user_id == self.scope[0]),
        )
