import json
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.json import scriptsafe as json_scriptsafe

from odoo.addons.http_routing.tests.common import MockRequest

from ..models.hypercare_charter_adoption import HypercareCharter
from .common import HypercareCase

# Monday 2026-11-30 09:00 UTC (10:00 in Brussels): the last full week is
# Monday 2026-11-23 to Sunday 2026-11-29, Brussels time (UTC+1).
NOW = datetime(2026, 11, 30, 9, 0, 0)
LAST_START = datetime(2026, 11, 22, 23, 0, 0)  # Mon 23 Nov 00:00 Brussels
CURRENT_START = datetime(2026, 11, 29, 23, 0, 0)  # Mon 30 Nov 00:00 Brussels
JUST_BEFORE_LAST = datetime(2026, 11, 22, 22, 59, 59)  # Sun 22 Nov 23:59:59
JUST_BEFORE_CURRENT = datetime(2026, 11, 29, 22, 59, 59)  # Sun 29 Nov 23:59:59
MID_LAST = datetime(2026, 11, 25, 10, 0, 0)
MID_BEFORE = datetime(2026, 11, 18, 10, 0, 0)


@tagged("-at_install", "post_install")
class TestAdoption(HypercareCase):
    """Floor log, pulse, daily activity and the adoption exit criteria, at
    the week edges of a Brussels calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scope = [
            new_test_user(cls.env, login=f"hc_scope_{n}", groups="base.group_user")
            for n in range(5)
        ]

    def _criterion(self, kind):
        return self.charter.exit_criterion_ids.filtered(lambda c: c.kind == kind)

    def _measure(self, kind, at=NOW):
        criterion = self._criterion(kind)
        self.env.invalidate_all()
        with freeze_time(at):
            return (
                round(criterion.current_value, 1),
                criterion.is_met,
                criterion.not_enough_data,
            )

    def _floor(self, when, outcome="answered", charter=None, user=None):
        return (
            self.env["hypercare.floor.log"]
            .with_user(user or self.champion_user)
            .create(
                {
                    "charter_id": (charter or self.charter).id,
                    "topic": "How do I reverse an invoice?",
                    "business_function": "Finance",
                    "minutes": 4,
                    "outcome": outcome,
                    "date": when,
                }
            )
        )

    def _ticket_at(self, when, **vals):
        with freeze_time(when):
            return self._create_ticket(level="medium", **vals)

    def _pulse(self, user, score, when=MID_LAST, imported=False):
        """``user``'s answer: they go live with the charter (its audience).
        ``imported``: loaded as the superuser (a data import), the charter's
        scope left as it is."""
        if not imported:
            self.charter.scope_user_ids = [Command.link(user.id)]
        return (
            self.env["hypercare.pulse"]
            .with_user(self.env.ref("base.user_root") if imported else user)
            .create(
                {
                    "charter_id": self.charter.id,
                    "user_id": user.id,
                    "score": score,
                    "date": when,
                }
            )
        )

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

    def test_pulse_bad_input(self):
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        Pulse = self.env["hypercare.pulse"].with_user(self.user)
        for score in (0, 6, -1):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                Pulse.create(
                    {"charter_id": self.charter.id, "score": score, "date": MID_LAST}
                )
        self._pulse(self.user, 3, when=LAST_START)
        # Sunday 23:59:59 Brussels is the same week: refused
        with self.assertRaises(ValidationError):
            self._pulse(self.user, 5, when=JUST_BEFORE_CURRENT)
        # the database holds the range too
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE hypercare_pulse SET score = 7 WHERE user_id = %s",
                (self.user.id,),
            )
        pulses = self.env["hypercare.pulse"].search([("user_id", "=", self.user.id)])
        self.assertEqual(pulses.mapped("score"), [3])
        # the next week is a new week
        self._pulse(self.user, 5, when=CURRENT_START)
        # a closed charter takes no more answers
        self.charter.sudo()._hypercare_set_state({"state": "closed"})
        with self.assertRaisesRegex(ValidationError, "closed"):
            self._pulse(self.scope[0], 4)
        self.assertFalse(
            self.env["hypercare.pulse"].search([("user_id", "=", self.scope[0].id)])
        )

    def test_pulse_prompt(self):
        Pulse = self.env["hypercare.pulse"]
        with freeze_time(NOW):
            # not in scope, not a champion: not asked
            self.assertFalse(Pulse.with_user(self.user).hypercare_pulse_prompt())
            self.charter.scope_user_ids = [(4, self.user.id)]
            prompt = Pulse.with_user(self.user).hypercare_pulse_prompt()
            self.assertEqual(prompt["charter_id"], self.charter.id)
            self.assertIn("How confident", prompt["question"])
            # champions are asked too
            self.assertTrue(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )
            Pulse.with_user(self.user).hypercare_pulse_answer(
                self.charter.id, 4, " Better every day "
            )
            self.assertFalse(Pulse.with_user(self.user).hypercare_pulse_prompt())
            Pulse.with_user(self.champion_user).hypercare_pulse_dismiss(self.charter.id)
            self.assertFalse(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )
        pulse = Pulse.search([("user_id", "=", self.user.id)])
        self.assertEqual((pulse.score, pulse.comment), (4, "Better every day"))
        self.assertEqual(str(pulse.week_start), "2026-11-30")
        self.assertEqual(pulse.business_function, False)
        # next week: asked again
        with freeze_time(datetime(2026, 12, 6, 23, 0, 0)):
            self.assertTrue(Pulse.with_user(self.user).hypercare_pulse_prompt())
            self.assertTrue(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )

    def test_session_info_after_the_pulse(self):
        """The web client boots from ``session_info`` serialised with
        ``json.dumps``: a stored dismissal (a date) or an answer must not
        break it, or every page of that user answers 500."""
        Pulse = self.env["hypercare.pulse"]
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        for user, act in (
            (self.user, lambda p: p.hypercare_pulse_dismiss(self.charter.id)),
            (
                self.champion_user,
                lambda p: p.hypercare_pulse_answer(self.charter.id, 5, "Fine"),
            ),
        ):
            with freeze_time(NOW):
                act(Pulse.with_user(user))
                env = self.env(user=user)
                with MockRequest(env) as request:
                    request.session.uid = user.id
                    info = env["ir.http"].session_info()
            json.dumps(info)
            json_scriptsafe.dumps(info)
            self.assertNotIn(
                "hypercare_pulse_dismissed_week", info["user_settings"], user.login
            )
        self.assertTrue(self.user.res_users_settings_ids.hypercare_pulse_dismissed_week)

    # -- floor log --------------------------------------------------------------------

    def test_floor_log_defaults_and_bad_input(self):
        with freeze_time(NOW):
            log = (
                self.env["hypercare.floor.log"]
                .with_user(self.champion_user)
                .create({"topic": "Print a delivery slip"})
            )
        self.assertEqual(log.charter_id, self.charter)
        self.assertEqual(log.user_id, self.champion_user)
        self.assertEqual(log.date, NOW)
        self.assertEqual(log.business_function, "Finance")
        self.assertEqual(log.outcome, "answered")
        FloorLog = self.env["hypercare.floor.log"].with_user(self.champion_user)
        with self.assertRaises(ValidationError):
            FloorLog.create({"charter_id": self.charter.id, "topic": "  "})
        with self.assertRaises(ValidationError):
            FloorLog.create(
                {"charter_id": self.charter.id, "topic": "x", "minutes": -3}
            )
        self.charter.sudo()._hypercare_set_state({"state": "closed"})
        count = self.env["hypercare.floor.log"].search_count([])
        with self.assertRaisesRegex(UserError, "closed"):
            FloorLog.create({"charter_id": self.charter.id, "topic": "Late question"})
        self.assertEqual(self.env["hypercare.floor.log"].search_count([]), count)

    def test_floor_log_became_ticket(self):
        log = self._floor(MID_LAST)
        action = log.with_user(self.champion_user).action_became_ticket()
        self.assertEqual(action["res_model"], "hypercare.report.issue")
        with freeze_time(MID_LAST):
            wizard = (
                self.env["hypercare.report.issue"]
                .with_user(self.champion_user)
                .with_context(**action["context"])
                .create({"description": "Asked on the floor"})
            )
            self.assertEqual(wizard.name, log.topic)
            self.assertEqual(wizard.issue_type, "how_to")
            result = wizard.action_submit()
        self.assertEqual(result["res_model"], self.ticket_model)
        ticket = self.env[self.ticket_model].browse(result["res_id"])
        # linked to the ticket of the charter's carrier
        self.assertEqual(log[self.floor_ticket_field], ticket)
        self.assertEqual(log.outcome, "ticket")
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        # one how-to question last week: the ticket, not the entry too
        with freeze_time(NOW):
            metrics = self.charter._hypercare_adoption_metrics()
        self.assertEqual(metrics["howto_weeks"], (1, 0))

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

    # -- access ---------------------------------------------------------------------

    def test_access_pulses_own_only(self):
        self.charter.scope_user_ids = [
            Command.link(u.id) for u in (self.user, *self.scope)
        ]
        mine = self._pulse(self.user, 4)
        theirs = self._pulse(self.scope[0], 2)
        Pulse = self.env["hypercare.pulse"].with_user(self.user)
        self.assertEqual(Pulse.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).read(["score"])
        with self.assertRaises(AccessError):
            Pulse.create(
                {
                    "charter_id": self.charter.id,
                    "user_id": self.scope[1].id,
                    "score": 5,
                    "date": MID_LAST,
                }
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.user).write({"score": 5})
        # champions read their charter's answers, managers all
        champion = self.env["hypercare.pulse"].with_user(self.champion_user)
        self.assertEqual(champion.search([]), mine | theirs)

    def test_access_floor_logs(self):
        other_lead = new_test_user(
            self.env,
            login="hc_other_champion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        with freeze_time(NOW):
            other = self._create_charter(
                name="Go-live Spain",
                project_id=False,
                incident_lead_id=other_lead.id,
                champion_ids=[
                    (
                        0,
                        0,
                        {"user_id": other_lead.id, "function": "Sales", "phone": False},
                    )
                ],
            )
        mine = self._floor(MID_LAST)
        theirs = self._floor(MID_LAST, charter=other, user=other_lead)
        FloorLog = self.env["hypercare.floor.log"]
        self.assertEqual(FloorLog.with_user(self.champion_user).search([]), mine)
        self.assertEqual(FloorLog.with_user(other_lead).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.champion_user).read(["topic"])
        with self.assertRaises(AccessError):
            self._floor(MID_LAST, charter=other)
        # plain users log nothing and read nothing
        with self.assertRaises(AccessError):
            FloorLog.with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self._floor(MID_LAST, user=self.user)
        self.assertEqual(FloorLog.with_user(self.manager).search([]), mine | theirs)

    # -- satisfaction, stand-up, dashboard, scope -------------------------------

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
