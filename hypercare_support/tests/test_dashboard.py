from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestDashboard(HypercareCase):
    """The dashboard's one request: for the charter's staff only, and the
    same figures as the exit gate and the stand-up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_champion = new_test_user(
            cls.env,
            login="hc_dash_other_champion",
            name="Olga Otherchampion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        with freeze_time(NOW):
            cls.other_charter = cls._create_charter(
                name="Go-live Netherlands",
                champion_ids=[
                    (
                        0,
                        0,
                        {
                            "user_id": cls.other_champion.id,
                            "function": "Sales",
                            "support_layer": "l1",
                        },
                    )
                ],
            )

    def _data(self, user, charter=None):
        with freeze_time(NOW):
            return (
                self.env["hypercare.charter"]
                .with_user(user)
                .get_hypercare_dashboard_data(charter_id=charter and charter.id)
            )

    def _tiles(self, data):
        return {tile["key"]: tile for tile in data["tiles"]}

    def _ticket_at(self, when, level="medium", **vals):
        with freeze_time(when):
            return self._create_ticket(level=level, **vals)

    def test_read_only_request(self):
        method = type(self.env["hypercare.charter"]).get_hypercare_dashboard_data
        self.assertTrue(getattr(method, "_readonly", False))

    def test_champion_of_the_charter_gets_it(self):
        data = self._data(self.champion_user)
        self.assertEqual(data["charter"]["id"], self.charter.id)
        self.assertEqual([c["id"] for c in data["charters"]], [self.charter.id])
        self.assertEqual(self._data(self.champion_user, self.charter), data)
        # the dashboard's own charts first, then those of the features
        self.assertEqual(
            [c["key"] for c in data["charts"]][:4],
            ["incoming", "sla", "burn_down", "how_to"],
        )
        # a manager staffs every charter and switches between them
        data = self._data(self.manager, self.other_charter)
        self.assertEqual(data["charter"]["id"], self.other_charter.id)
        self.assertEqual(
            {c["id"] for c in data["charters"]},
            {self.charter.id, self.other_charter.id},
        )

    def test_user_and_other_champion_refused(self):
        with self.assertRaises(AccessError):
            self._data(self.user)
        with self.assertRaises(AccessError):
            self._data(self.user, self.charter)
        with self.assertRaises(AccessError):
            self._data(self.other_champion, self.charter)
        # their own charter only
        data = self._data(self.other_champion)
        self.assertEqual(data["charter"]["id"], self.other_charter.id)
        self.assertEqual([c["id"] for c in data["charters"]], [self.other_charter.id])

    def test_figures_equal_exit_gate_and_standup(self):
        self._set_severity("high", 1, 4)
        self._set_severity("medium", 4, 8, ratio=0.5)
        self.charter.last_standup_date = NOW - timedelta(hours=20)
        critical = self._ticket_at(NOW - timedelta(hours=3), level="critical")
        breached = self._ticket_at(NOW - timedelta(days=2), level="high")
        self._ticket_at(NOW - timedelta(hours=5), level="medium")
        self._ticket_at(NOW - timedelta(days=3), level="low", issue_type="how_to")
        resolved = self._ticket_at(NOW - timedelta(days=6), level="high")
        with freeze_time(NOW - timedelta(hours=2)):
            self._resolve(resolved)
        cancelled = self._ticket_at(NOW - timedelta(days=4), level="critical")
        with freeze_time(NOW - timedelta(days=4)):
            self._cancel(cancelled)
        with freeze_time(NOW):
            self._scan()
        self.env.invalidate_all()
        data = self._data(self.champion_user)
        tiles = self._tiles(data)
        charter = self.charter.with_user(self.champion_user)
        with freeze_time(NOW):
            standup = charter._hypercare_standup_data()
            expected = {
                "open_critical": standup["level_totals"]["critical"],
                "open_high": standup["level_totals"]["high"],
                "open_medium": standup["level_totals"]["medium"],
                "open_low": standup["level_totals"]["low"],
                "breached": charter.breached_ticket_count,
                "at_risk": charter.at_risk_ticket_count,
                "new": standup["new_count"],
                "days_since_go_live": charter.days_since_go_live,
                "days_to_planned_end": charter.days_to_planned_end,
                "exit_criteria": (
                    f"{charter.exit_met_count} / {charter.exit_required_count}"
                ),
            }
        self.assertEqual({key: tiles[key]["value"] for key in expected}, expected)
        # not vacuous: the data has one of each
        self.assertEqual(
            [tiles[k]["value"] for k in ("open_critical", "at_risk")], [1, 1]
        )
        tickets = self.env[self.ticket_model].search(
            [("hypercare_charter_id", "=", self.charter.id)]
        )
        failed = tickets.filtered(
            lambda t: t.hypercare_is_open and t.sla_status == "failed"
        )
        self.assertIn(breached, failed)
        self.assertEqual(tiles["breached"]["value"], len(failed))
        self.assertEqual(tiles["new"]["value"], 2)
        # the exit gate's own measure of open critical / high
        criteria = {c.kind: c for c in charter.exit_criterion_ids}
        with freeze_time(NOW):
            self.assertEqual(criteria["open_critical"].current_value, 1)
            self.assertEqual(criteria["open_high"].current_value, 1)
        # the trend charts are the stand-up's weekly table
        charts = {chart["key"]: chart for chart in data["charts"]}
        weeks = standup["weeks"]
        self.assertEqual(
            charts["incoming"]["datasets"][0]["data"], [w["incoming"] for w in weeks]
        )
        for index, key in enumerate(
            ("bau_response_pct", "bau_resolution_pct", "response_pct", "resolution_pct")
        ):
            self.assertEqual(
                charts["sla"]["datasets"][index]["data"], [w[key] for w in weeks]
            )
            self.assertTrue(any(w[key] is not None for w in weeks))
        self.assertEqual(
            charts["how_to"]["datasets"][0]["data"], [w["how_to_pct"] for w in weeks]
        )
        # the burn-down ends on today's open tickets by severity
        burn = {d["label"]: d["data"] for d in charts["burn_down"]["datasets"]}
        self.assertEqual(burn[self.sev["critical"].name][-1], 1)
        self.assertEqual(burn[self.sev["high"].name][-1], 1)
        # every tile opens exactly its tickets
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        for key, expected_tickets in (
            ("breached", failed),
            (
                "at_risk",
                tickets.filtered(
                    lambda t: t.hypercare_is_open and t.sla_status == "at_risk"
                ),
            ),
            ("open_critical", critical),
        ):
            with self.subTest(tile=key), freeze_time(NOW):
                action = tiles[key]["action"]
                self.assertEqual(action["res_model"], self.ticket_model)
                self.assertEqual(Ticket.search(action["domain"]), expected_tickets)
        # the high resolved this morning was open at the end of last week (the
        # burn-down's point of this Monday 00:00), and its point opens them
        with freeze_time(NOW):
            action = charts["burn_down"]["datasets"][1]["actions"][-2]
            self.assertEqual(Ticket.search(action["domain"]), resolved | breached)
        self.assertEqual(burn[self.sev["high"].name][-2], 2)

    def test_one_basis_dashboard_standup_gate(self):
        """One data set, three readers: the dashboard's SLA chart shows the
        weekly compliance the sustained SLA gate counts (BAU deadlines), the
        stand-up the same, and the three count a ticket without a layer at
        L1."""
        self._set_severity("high", 8, 40)
        self.charter.bau_severity_ids.filtered(lambda s: s.level == "high").write(
            {"response_hours": 1.0, "resolution_hours": 4.0}
        )
        self.charter.sla_target = 90
        # last full week: answered after 2 h (in time for hypercare, late for
        # BAU), resolved after 3 h (in time for both)
        answered = self._ticket_at(datetime(2026, 11, 17, 10, 0, 0), level="high")
        answered.date_acknowledged = datetime(2026, 11, 17, 12, 0, 0)
        with freeze_time(datetime(2026, 11, 17, 13, 0, 0)):
            self._resolve(answered)
        # open now, one at L2 and one without a layer
        no_layer = self._ticket_at(NOW - timedelta(hours=3), level="high")
        at_l2 = self._ticket_at(NOW - timedelta(hours=2), level="high")
        no_layer.sudo().support_layer = False
        at_l2.sudo().support_layer = "l2"
        self.env.invalidate_all()
        data = self._data(self.champion_user)
        charts = {chart["key"]: chart for chart in data["charts"]}
        charter = self.charter.with_user(self.champion_user)
        Criterion = self.env["hypercare.exit.criterion"].with_user(self.champion_user)
        with freeze_time(NOW):
            standup = charter._hypercare_standup_data()
            bounds, weeks = Criterion._charter_exit_window(self.charter, NOW)
            _totals, weekly = self.env["hypercare.ticket.report"]._charter_exit_counts(
                self.charter, NOW, bounds, weeks
            )
            sustained = charter.exit_criterion_ids.filtered(
                lambda c: c.kind == "sustained_sla"
            )
            self.assertEqual(sustained.current_value, 0)
        # the gate's last full week, the chart's and the stand-up's
        gate = []
        for clock in ("response", "resolution"):
            due, met = weekly[(clock, weeks[-1])]
            gate.append(round(met * 100.0 / due, 1))
        self.assertEqual(gate, [0.0, 100.0])
        sla = charts["sla"]["datasets"]
        self.assertIn("BAU", sla[0]["label"])
        self.assertEqual([sla[0]["data"][-2], sla[1]["data"][-2]], gate)
        last = standup["weeks"][-2]
        self.assertEqual([last["bau_response_pct"], last["bau_resolution_pct"]], gate)
        # the hypercare series beside it, labelled
        self.assertIn("hypercare", sla[2]["label"])
        self.assertEqual([sla[2]["data"][-2], sla[3]["data"][-2]], [100.0, 100.0])
        self.assertEqual(last["response_pct"], 100.0)
        # the BAU point opens the tickets whose BAU response fell due that week
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        self.assertEqual(Ticket.search(sla[0]["actions"][-2]["domain"]), answered)
        # layer totals: no layer = L1, everywhere
        by_layer = {
            label: sum(d["data"][index] for d in charts["open_by_layer"]["datasets"])
            for index, label in enumerate(("l1", "l2", "l3", "l4"))
        }
        self.assertEqual(by_layer, {"l1": 1, "l2": 1, "l3": 0, "l4": 0})
        self.assertEqual(standup["matrix"][("high", "l1")], 1)
        self.assertEqual(standup["matrix"][("high", "l2")], 1)
        self.assertEqual(
            sum(standup["matrix"][("high", layer)] for layer, _l in standup["layers"]),
            standup["level_totals"]["high"],
        )
        self.assertEqual(self._tiles(data)["open_high"]["value"], 2)
        self.assertEqual(
            Ticket.search(charts["open_by_layer"]["actions"][0]["domain"]), no_layer
        )

    def test_tiles_open_what_they_count(self):
        """The day-count tiles open a list too; the exit criteria tile opens
        the required criteria of this charter it counts, named so."""
        old = self._ticket_at(datetime(2026, 11, 10, 9, 0, 0), level="low")
        since = self._ticket_at(NOW - timedelta(days=2), level="low")
        self.env.invalidate_all()
        tiles = self._tiles(self._data(self.champion_user))
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        with freeze_time(NOW):
            action = tiles["days_since_go_live"]["action"]
            self.assertIn("since go-live", action["name"])
            found = Ticket.search(action["domain"])
            self.assertIn(since, found)
            self.assertNotIn(old, found)
            action = tiles["days_to_planned_end"]["action"]
            self.assertEqual(Ticket.search(action["domain"]), old | since)
        action = tiles["exit_criteria"]["action"]
        charter = self.charter.with_user(self.champion_user)
        criteria = self.env["hypercare.exit.criterion"].with_user(self.champion_user)
        with freeze_time(NOW):
            self.assertIn(
                f"({charter.exit_met_count} of {charter.exit_required_count} met)",
                action["name"],
            )
        self.assertEqual(
            criteria.search(action["domain"]),
            self.charter.exit_criterion_ids.filtered("required"),
        )
        # the open tickets' time at L1 runs (stays in progress count): a
        # figure, none of it at L3/L4
        self.assertEqual(tiles["partner_share"]["value"], 0.0)
        # no rating yet: no value (the client shows a dash, not a bare unit)
        self.assertIsNone(tiles["satisfaction"]["value"])
        # optional criteria exist and are left out
        self.assertTrue(
            self.charter.exit_criterion_ids.filtered(lambda c: not c.required)
        )

    def test_open_tickets_by_layer(self):
        """The stand-up's "open tickets by severity and layer", from the
        dashboard's scan: closed tickets left out, each bar opens its list."""
        at_l2 = self._ticket_at(NOW - timedelta(hours=5), level="high")
        at_l3 = self._ticket_at(NOW - timedelta(hours=4), level="critical")
        at_l1 = self._ticket_at(NOW - timedelta(hours=3), level="high")
        closed = self._ticket_at(NOW - timedelta(hours=6), level="critical")
        (at_l2 | at_l3 | closed).sudo().write({"support_layer": "l2"})
        (at_l3 | closed).sudo().write({"support_layer": "l3"})
        with freeze_time(NOW - timedelta(hours=1)):
            self._resolve(closed)
        self.env.invalidate_all()
        charts = {c["key"]: c for c in self._data(self.champion_user)["charts"]}
        chart = charts["open_by_layer"]
        self.assertEqual(len(chart["labels"]), 4)
        data = {
            level: dataset["data"]
            for level, dataset in zip(
                ("critical", "high", "medium", "low"), chart["datasets"], strict=True
            )
        }
        self.assertEqual(data["critical"], [0, 0, 1, 0])
        self.assertEqual(data["high"], [1, 1, 0, 0])
        self.assertEqual(data["medium"] + data["low"], [0] * 8)
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        with freeze_time(NOW):
            for index, expected in ((0, at_l1), (1, at_l2)):
                action = chart["datasets"][1]["actions"][index]
                self.assertEqual(Ticket.search(action["domain"]), expected)
            self.assertEqual(Ticket.search(chart["actions"][2]["domain"]), at_l3)

    def test_exit_gate_measured_in_the_dashboard_scan(self):
        """Within the dashboard's request the exit gate reads its counts from
        the dashboard's own scan of the report (one scan in all), and they
        are the exit gate's own measures, week edges included."""
        later = datetime(2026, 12, 9, 10, 0, 0)  # Wednesday of week 4
        self.charter.bau_severity_ids.filtered(lambda s: s.level == "critical").write(
            {"response_hours": 1.0, "resolution_hours": 4.0}
        )
        self.charter.sla_target = 50
        # week 2: a P1 never answered (both clocks missed); week 3: one met,
        # one late; last week: a resolved high, late for hypercare; a cancelled
        # P1 and tickets of the current week
        self._ticket_at(datetime(2026, 11, 24, 10, 0, 0), level="critical")
        ok = self._ticket_at(datetime(2026, 12, 1, 10, 0, 0), level="critical")
        ok.date_acknowledged = datetime(2026, 12, 1, 10, 30, 0)
        with freeze_time(datetime(2026, 12, 1, 12, 0, 0)):
            self._resolve(ok)
        late = self._ticket_at(datetime(2026, 12, 2, 10, 0, 0), level="critical")
        late.date_acknowledged = datetime(2026, 12, 2, 12, 0, 0)
        with freeze_time(datetime(2026, 12, 4, 13, 0, 0)):
            self._resolve(late)
        cancelled = self._ticket_at(datetime(2026, 12, 3, 9, 0, 0), level="critical")
        with freeze_time(datetime(2026, 12, 3, 10, 0, 0)):
            self._cancel(cancelled)
        self._ticket_at(datetime(2026, 12, 7, 9, 0, 0), level="high")
        self._ticket_at(datetime(2026, 12, 8, 9, 0, 0), level="low")
        Criterion = self.env["hypercare.exit.criterion"].with_user(self.champion_user)
        Report = self.env["hypercare.ticket.report"].with_user(self.champion_user)
        charter = self.charter.with_user(self.champion_user)
        self.env.invalidate_all()
        with freeze_time(later):
            own = Criterion._charter_metrics(self.charter)
            now = datetime.now()
            window = Criterion._charter_exit_window(self.charter, now)
            bounds, _tz = charter._hypercare_dashboard_weeks(now)
            counts = Report._charter_dashboard_counts(
                self.charter, now, bounds, now, window
            )
            memo = {("exit_counts", self.charter.id): (*counts["exit"], window[1])}
            shared = Criterion.with_context(
                hypercare_request_memo=memo
            )._charter_metrics(self.charter)
        self.assertEqual(shared, own)
        # not vacuous: each count is there
        self.assertEqual(own["sustained_sla"], 1)
        self.assertEqual(own["incoming_weeks"], (2, 1))
        self.assertEqual((own["open_critical"], own["open_high"]), (1, 1))
        self.assertTrue(0 < own["sla_critical_high"] < 100)
        # the whole request scans the report once
        Model = type(Report)
        scans = []
        original = Model._charter_groups

        def counted(report, *args, **kwargs):
            scans.append(args)
            return original(report, *args, **kwargs)

        self.env.invalidate_all()
        with patch.object(Model, "_charter_groups", counted), freeze_time(later):
            data = charter.get_hypercare_dashboard_data(charter_id=self.charter.id)
        self.assertEqual(len(scans), 1)
        self.env.invalidate_all()
        with freeze_time(later):
            expected = f"{charter.exit_met_count} / {charter.exit_required_count}"
        self.assertEqual(self._tiles(data)["exit_criteria"]["value"], expected)

    def test_sections_rendered_in_sequence(self):
        """Features add tiles and charts through the extension point."""
        Charter = type(self.env["hypercare.charter"])
        original = Charter._hypercare_dashboard_sections

        def sections(charter):
            res = original(charter)
            res["tiles"].append(
                {
                    "key": "budget",
                    "label": "Partner budget",
                    "value": 12,
                    "sequence": 15,
                    "state": "ok",
                    "action": False,
                }
            )
            return res

        Charter._hypercare_dashboard_sections = sections
        try:
            keys = [t["key"] for t in self._data(self.champion_user)["tiles"]]
        finally:
            Charter._hypercare_dashboard_sections = original
        self.assertEqual(keys.index("budget"), keys.index("new") + 1)

    def test_ticket_change_notifies_the_dashboards(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(level="high")
        values = self.env.cr.precommit.data.get("bus.bus.values", [])
        sent = [
            v for v in values if "hypercare_support/dashboard_changed" in v["message"]
        ]
        self.assertEqual(len(sent), 1)
        self.assertIn(f'"charter_id":{self.charter.id}', sent[0]["message"])
        # debounced: one per charter and transaction
        ticket.write({"severity_id": self.sev["critical"].id})
        values = self.env.cr.precommit.data.get("bus.bus.values", [])
        self.assertEqual(
            len([v for v in values if "dashboard_changed" in v["message"]]), 1
        )

    def test_champion_reaches_the_standup(self):
        charter = self.charter.with_user(self.champion_user)
        with freeze_time(NOW):
            action = charter.action_open_standup()
            self.assertEqual(action["res_id"], self.charter.id)
            self.assertEqual(
                charter.action_print_standup()["type"], "ir.actions.report"
            )
            charter.action_send_standup()
        self.assertEqual(self.charter.last_standup_date, NOW)
        self.assertIn("stand-up", self.charter.message_ids[:1].subject)
        self.assertEqual(
            self.charter.message_ids[:1].author_id, self.champion_user.partner_id
        )
        for refused in (
            self.charter.with_user(self.other_champion).action_open_standup,
            self.charter.with_user(self.other_champion).action_send_standup,
            self.charter.with_user(self.user).action_mark_standup,
        ):
            with self.subTest(refused=refused), self.assertRaises(AccessError):
                refused()

    def test_landing_page(self):
        """The app opens on its first visible child menu: the dashboard for
        champions and managers, My issues for users."""
        root = self.env.ref("hypercare_support.hypercare_menu_root")
        for user, xmlid in (
            (self.user, "hypercare_support.project_task_my_issue_menu"),
            (self.champion_user, "hypercare_support.hypercare_dashboard_menu"),
            (self.manager, "hypercare_support.hypercare_dashboard_menu"),
        ):
            with self.subTest(user=user.login):
                menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
                first = menus[menus[root.id]["children"][0]]
                self.assertEqual(first["xmlid"], xmlid)
