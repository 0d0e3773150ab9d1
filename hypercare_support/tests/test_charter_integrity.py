from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GO_LIVE, HypercareTourCase
from .test_charter_contract import ContractCase


@tagged("-at_install", "post_install")
class TestDataIntegrity(ContractCase):
    """Relations across companies are refused; uniqueness holds in the
    database (issue 19, item 16)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Hypercare NL"})
        cls.other_calendar = cls.env["resource.calendar"].create(
            {"name": "Amsterdam", "company_id": cls.other_company.id}
        )
        cls.outsider = new_test_user(
            cls.env,
            login="hc_outsider",
            groups="base.group_user,hypercare_support.group_hypercare_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def test_calendar_of_another_company_refused(self):
        with self.assertRaises(UserError):
            self._new_charter(calendar_id=self.other_calendar.id)
        with self.assertRaises(UserError):
            self.charter.with_user(self.manager).calendar_id = self.other_calendar
        self.assertEqual(self.charter.calendar_id, self.calendar)
        shared = self.env["resource.calendar"].create(
            {"name": "Shared", "company_id": False}
        )
        self.charter.with_user(self.manager).calendar_id = shared
        # a charter of another company gets that company's working hours
        charter = self.env["hypercare.charter"].create(
            {
                "name": "Go-live NL",
                "go_live_date": GO_LIVE,
                "company_id": self.other_company.id,
            }
        )
        self.assertEqual(charter.calendar_id, self.other_company.resource_calendar_id)

    def test_people_of_another_company_refused(self):
        for fname in (
            "incident_lead_id",
            "bau_contact_id",
            "partner_contact_id",
            "vendor_liaison_id",
            "executive_sponsor_id",
        ):
            with self.subTest(field=fname), self.assertRaises(UserError):
                self.charter.with_user(self.manager).write({fname: self.outsider.id})
            self.assertNotEqual(self.charter[fname], self.outsider)
        with self.assertRaises(UserError):
            self.charter.with_user(self.manager).scope_user_ids = self.outsider
        self.charter.with_user(self.manager).scope_user_ids = self.user
        with self.assertRaises(UserError):
            self.env["hypercare.champion"].with_user(self.manager).create(
                {
                    "charter_id": self.charter.id,
                    "user_id": self.outsider.id,
                    "function": "Finance",
                }
            )
        close = (
            self.env["hypercare.first.close"]
            .with_user(self.manager)
            .create({"charter_id": self.charter.id, "period_end": "2026-11-30"})
        )
        with self.assertRaises(UserError):
            close.item_ids[:1].owner_id = self.outsider

    def test_project_of_another_company_refused(self):
        project = self.env["project.project"].create(
            {
                "name": "NL hypercare",
                "company_id": self.other_company.id,
                "privacy_visibility": "followers",
            }
        )
        with self.assertRaises(UserError):
            self._new_charter(project_id=project.id)

    def test_one_charter_per_project_in_the_database(self):
        Charter = self.env["hypercare.charter"].with_user(self.manager)
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            self._new_charter(project_id=self.charter.project_id.id)
        self.assertIn(
            "a project carries one charter at most",
            Charter._sql_error_to_message(caught.exception),
        )
        # an archived charter keeps its project
        self.charter.active = False
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._new_charter(project_id=self.charter.project_id.id)

    def test_one_roster_line_per_user_and_function_in_the_database(self):
        Champion = self.env["hypercare.champion"].with_user(self.manager)
        line = self.charter.champion_ids
        vals = {"charter_id": self.charter.id, "user_id": self.champion_user.id}
        for function in ("Finance", "finance", "  FINANCE "):
            with (
                self.subTest(function=function),
                self.assertRaises(IntegrityError) as caught,
                mute_logger("odoo.sql_db"),
            ):
                Champion.create(dict(vals, function=function))
        self.assertIn(
            "already a champion of this function",
            Champion._sql_error_to_message(caught.exception),
        )
        # another function, or another person: fine
        sales = Champion.create(dict(vals, function="Sales"))
        Champion.create(dict(vals, user_id=self.manager.id, function="Finance"))
        # an archived line is history: it does not block the person coming back
        line.active = False
        back = Champion.create(dict(vals, function="Finance"))
        self.assertTrue(back.active)
        # ... but it cannot be restored beside them
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            line.active = True
            self.env.flush_all()
        # renaming into a duplicate is refused as well
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            sales.function = "Finance "
            self.env.flush_all()

    def test_update_archives_old_duplicates_so_the_index_is_created(self):
        """A database from before the unique index may hold duplicate active
        lines: the update keeps the oldest and creates the index."""
        Champion = self.env["hypercare.champion"]
        cr = self.env.cr
        index = "hypercare_champion_user_function_uniq"
        line = self.charter.champion_ids
        cr.execute(f"DROP INDEX {index}")
        cr.execute(
            """
            INSERT INTO hypercare_champion
                   (charter_id, company_id, user_id, function, support_layer, active)
            SELECT charter_id, company_id, user_id, ' finance', support_layer, TRUE
              FROM hypercare_champion WHERE id = %s
            RETURNING id
            """,
            [line.id],
        )
        [(duplicate_id,)] = cr.fetchall()
        Champion.init()
        Champion._add_sql_constraints()
        cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        [(definition,)] = cr.fetchall()
        self.assertIn("CREATE UNIQUE INDEX", definition)
        self.assertIn("WHERE active", definition)
        self.env.invalidate_all()
        self.assertTrue(line.active)
        self.assertFalse(Champion.browse(duplicate_id).active)


@tagged("-at_install", "post_install")
class TestCharterOverRpc(HypercareTourCase):
    """What the web client and integrations send: JSON-RPC ``call_kw``."""

    def _call_kw(self, login, model, method, args, kwargs=None):
        """The JSON-RPC response of ``model.method(*args)`` as ``login``."""
        self.authenticate(login, login)
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        response.raise_for_status()
        return response.json()

    def test_create_with_name_and_go_live_only(self):
        vals = {"name": "Go-live over RPC", "go_live_date": GO_LIVE}
        reply = self._call_kw("hc_manager", "hypercare.charter", "create", [vals])
        self.assertNotIn("error", reply)
        charter = self.env["hypercare.charter"].browse(reply["result"])
        self.assertEqual(charter.planned_end_date, date(2026, 12, 28))
        # a champion is refused, with an access error
        reply = self._call_kw("hc_champion", "hypercare.charter", "create", [vals])
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")

    def test_database_refusals_reach_the_user_as_messages(self):
        reply = self._call_kw(
            "hc_manager",
            "hypercare.champion",
            "create",
            [
                {
                    "charter_id": self.charter.id,
                    "user_id": self.champion_user.id,
                    "function": "Finance",
                }
            ],
        )
        error = reply["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("already a champion of this function", error["message"])
        reply = self._call_kw(
            "hc_manager",
            "hypercare.charter",
            "create",
            [
                {
                    "name": "Same project",
                    "go_live_date": GO_LIVE,
                    "project_id": self.charter.project_id.id,
                }
            ],
        )
        self.assertIn(
            "a project carries one charter at most", reply["error"]["data"]["message"]
        )

    def test_champion_cannot_go_live_over_rpc(self):
        charter = self.env["hypercare.charter"].create(
            {
                "name": "Draft over RPC",
                "go_live_date": GO_LIVE,
                "incident_lead_id": self.manager.id,
                "champion_ids": [
                    Command.create(
                        {"user_id": self.champion_user.id, "function": "Sales"}
                    )
                ],
            }
        )
        reply = self._call_kw(
            "hc_champion", "hypercare.charter", "action_activate", [[charter.id]]
        )
        self.assertIn("error", reply)
        self.assertEqual(charter.state, "draft")
        reply = self._call_kw(
            "hc_manager", "hypercare.charter", "action_activate", [[charter.id]]
        )
        self.assertEqual(reply["result"]["tag"], "display_notification")
        self.assertEqual(charter.state, "active")
