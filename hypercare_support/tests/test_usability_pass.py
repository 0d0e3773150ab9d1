from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestUsabilityPass(HypercareCase):
    """Issue 29, items 10 and 17: what the screens show after a sign-off,
    the weeks of the charts and the stand-up, dates said for people."""

    def _manual(self):
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.kind == "manual"
        )[:1]
        criterion.evidence = "KT sessions held"
        return criterion.with_user(self.manager)

    def test_sign_and_unsign_reload_the_screen(self):
        """Signing from the charter form's dialog reloads the form: its count
        and chatter line show at once."""
        criterion = self._manual()
        self.assertEqual(
            criterion.action_sign(),
            {"type": "ir.actions.client", "tag": "soft_reload"},
        )
        self.assertTrue(criterion.is_met)
        self.assertIn("Exit criterion signed", self.charter.message_ids[:1].body or "")
        self.assertEqual(
            criterion.action_unsign(),
            {"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _dashboard(self, charter, when=NOW):
        with freeze_time(when):
            data = (
                self.env["hypercare.charter"]
                .with_user(self.champion_user)
                .get_hypercare_dashboard_data(charter_id=charter.id)
            )
            standup = charter.with_user(self.champion_user)._hypercare_standup_data()
        return data, {c["key"]: c for c in data["charts"]}, standup

    def test_charts_and_standup_start_at_go_live(self):
        """A week after go-live (Monday 16 November): two weeks, no empty
        week before go-live; the severity chart on the same weeks."""
        data, charts, standup = self._dashboard(self.charter)
        self.assertEqual(charts["incoming"]["labels"], ["Nov 16", "Nov 23 (so far)"])
        for key in ("sla", "burn_down", "how_to"):
            self.assertEqual(charts[key]["labels"], charts["incoming"]["labels"], key)
        self.assertEqual(
            [w["week"] for w in standup["weeks"]],
            [date(2026, 11, 16), date(2026, 11, 23)],
        )
        self.assertFalse(data["charter"]["not_live_yet"])
        self.assertFalse(standup["not_live_yet"])
        # four weeks on: six weeks, go-live's the first
        data, charts, standup = self._dashboard(self.charter, NOW + timedelta(weeks=4))
        self.assertEqual(len(charts["incoming"]["labels"]), 6)
        self.assertEqual(charts["incoming"]["labels"][0], "Nov 16")
        self.assertEqual(len(standup["weeks"]), 6)

    def test_not_live_yet(self):
        """Before go-live: no week of zeros, the screens say it."""
        self.charter.go_live_date = "2026-11-30"
        data, charts, standup = self._dashboard(self.charter)
        self.assertEqual(standup["weeks"], [])
        self.assertIn("Not live yet", standup["not_live_yet"])
        self.assertIn("Not live yet", data["charter"]["not_live_yet"])
        self.assertFalse({"incoming", "sla", "burn_down", "how_to"} & set(charts))
        with freeze_time(NOW):
            html = self.charter.with_user(self.champion_user).standup_html or ""
        self.assertIn("Not live yet", str(html))

    def test_triage_notice_says_the_time(self):
        """ "Triage started" says the time in the user's time zone and
        language, not a short numeric date stamp."""
        self.champion_user.write({"tz": "Europe/Brussels", "lang": "en_US"})
        Session = self.env["hypercare.triage.session"].with_user(self.champion_user)
        with freeze_time(NOW):
            action = Session.action_start()
            message = action["params"]["message"]
            session = Session.search([("user_id", "=", self.champion_user.id)])
            same_day = session.display_name
        # 09:00 UTC is 10:00 in Brussels
        self.assertRegex(message, r"since 10:00\sAM")
        self.assertNotIn("11/23/26", message)
        self.assertRegex(same_day, r"^Chloe Champion, 10:00\sAM$")
        with freeze_time(NOW + timedelta(days=2)):
            session.invalidate_recordset(["display_name"])
            self.assertRegex(
                session.display_name, r"^Chloe Champion, Nov 23, 10:00\sAM$"
            )

    def test_adoption_charts_start_at_go_live(self):
        """The adoption charts too: go-live's week first, none before it."""
        _data, charts, _standup = self._dashboard(self.charter)
        for key in ("active_users", "pulse"):
            self.assertEqual(charts[key]["labels"], ["Nov 16", "Nov 23 (so far)"], key)
        self.charter.go_live_date = "2026-11-30"
        _data, charts, _standup = self._dashboard(self.charter)
        self.assertFalse({"active_users", "pulse"} & set(charts))

    def test_triage_notice_in_the_browser_time_zone(self):
        """The web client's time zone (context) first, as on its screens."""
        Session = (
            self.env["hypercare.triage.session"]
            .with_user(self.champion_user)
            .with_context(tz="America/New_York")
        )
        with freeze_time(NOW):
            message = Session.action_start()["params"]["message"]
        # 09:00 UTC is 04:00 in New York
        self.assertRegex(message, r"since 4:00\sAM")
