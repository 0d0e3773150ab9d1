from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import GO_LIVE, NOW, HypercareCase


class WatchCase(HypercareCase):
    """The fixture, in a database as it stood at go-live."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the database as it stood at go-live: no failing job, no e-mail in
        # exception, no mail server in error, every inactive job stopped before
        cls.env.cr.execute(
            "UPDATE ir_cron SET failure_count = 0, first_failure_date = NULL, "
            "nextcall = %s WHERE NOT active",
            [datetime(2026, 1, 1)],
        )
        cls.env.cr.execute(
            "UPDATE ir_cron SET failure_count = 0, first_failure_date = NULL"
        )
        cls.env["mail.mail"].sudo().search([("state", "=", "exception")]).unlink()
        cls.env["fetchmail.server"].sudo().search([]).write({"error_date": False})

    def _scan(self, when=NOW):
        with freeze_time(when):
            self.env["hypercare.charter"]._cron_watch_scan()


@tagged("-at_install", "post_install")
class TestWatch(WatchCase):
    """Proactive watch: built-in watches trip and clear, one ticket at a
    time, a broken rule is isolated, bad input and access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules = {
            r.template_key: r
            for r in cls.charter.with_context(active_test=False).watch_rule_ids
        }
        cls.runs = {
            r.template_key: r
            for r in cls.charter.with_context(active_test=False).first_run_ids
        }

    def _ticket_of(self, line):
        return line._watch_ticket()

    def _tickets(self):
        return self.env["project.task"].search(
            [("hypercare_charter_id", "=", self.charter.id)]
        )

    def _new_cron(self, **vals):
        return (
            self.env["ir.cron"]
            .sudo()
            .create(
                dict(
                    {
                        "name": "Bank statement import",
                        "model_id": self.env.ref("base.model_res_partner").id,
                        "state": "code",
                        "code": "model.browse()",
                        "interval_number": 1,
                        "interval_type": "hours",
                    },
                    **vals,
                )
            )
        )

    # -- provisioning ----------------------------------------------------------

    def test_provisioned_with_the_odoo_template(self):
        self.assertEqual(
            set(self.rules),
            {
                "cron_failing",
                "cron_deactivated",
                "mail_exception",
                "fetchmail_failing",
                "invoice_draft",
                "delivery_late",
                "statement_unreconciled",
            },
        )
        self.assertEqual(len(self.runs), 5)
        for key in ("cron_failing", "mail_exception", "fetchmail_failing"):
            self.assertTrue(self.rules[key].active, key)
        other = self._create_charter(name="Business Central", platform="d365_bc")
        self.assertFalse(other.with_context(active_test=False).watch_rule_ids)
        self.assertFalse(other.with_context(active_test=False).first_run_ids)

    def test_templates_switched_off_without_their_app(self):
        # the test database has neither Invoicing nor Inventory
        self.assertNotIn("account.move", self.env)
        self.assertNotIn("stock.picking", self.env)
        for key, app in (
            ("invoice_draft", "account"),
            ("delivery_late", "stock"),
            ("statement_unreconciled", "account"),
        ):
            rule = self.rules[key]
            self.assertFalse(rule.active, key)
            self.assertIn(app, rule.unavailable_reason)
        for key, app in (
            ("first_invoice", "account"),
            ("first_vendor_payment", "account"),
            ("first_inventory_adjustment", "stock"),
            ("first_payroll", "hr_payroll"),
            ("first_lock_date", "account"),
        ):
            run = self.runs[key]
            self.assertFalse(run.active, key)
            self.assertIn(app, run.unavailable_reason)
        # the scan leaves them off, with their reason, and checks nothing
        self._scan()
        self.assertFalse(self.runs["first_invoice"].active)
        self.assertFalse(self.runs["first_invoice"].last_check)
        self.assertIn("account", self.runs["first_invoice"].unavailable_reason)

    def test_template_switches_on_once_its_app_is_installed(self):
        Rule = self.env["hypercare.watch.rule"].sudo().with_context(active_test=False)
        reason = "The project app is not installed: project.task is not available."
        vals = {
            "charter_id": self.charter.id,
            "app": "project",
            "model_name": "project.task",
            "active": False,
            "unavailable_reason": reason,
        }
        ready = Rule.create(dict(vals, name="Ready", domain="[]"))
        # a template the installed version no longer fits: reported, stays off
        stale = Rule.create(dict(vals, name="Stale", domain="[('no_field', '=', 1)]"))
        self._scan()
        self.assertTrue(ready.active)
        self.assertFalse(ready.unavailable_reason)
        self.assertTrue(ready.last_check)
        self.assertFalse(stale.active)
        self.assertEqual(stale.unavailable_reason, reason)
        self.assertIn("no_field", stale.last_error)

    # -- built-in watches ------------------------------------------------------

    def test_failing_scheduled_action_trips_and_clears(self):
        rule = self.rules["cron_failing"]
        self._scan()
        self.assertFalse(rule.tripped)
        self.assertEqual(rule.last_count, 0)
        self.assertFalse(self._tickets())
        cron = self._new_cron(
            failure_count=3, first_failure_date=NOW - timedelta(hours=5)
        )
        self._scan()
        self.assertTrue(rule.tripped)
        self.assertEqual(rule.last_count, 1)
        ticket = self._ticket_of(rule)
        self.assertEqual(ticket, self._tickets())
        self.assertEqual(
            (ticket.source_model, ticket.source_res_id), ("ir.cron", cron.id)
        )
        self.assertEqual(ticket.severity_id.level, "high")
        self.assertEqual(ticket.business_function, "IT")
        self.assertTrue(ticket.response_deadline)  # the SLA engine took it
        # the job succeeds again: the watch clears and says so on the ticket
        cron.write({"failure_count": 0, "first_failure_date": False})
        self._scan(NOW + timedelta(hours=1))
        self.assertFalse(rule.tripped)
        self.assertIn("cleared", ticket.message_ids[0].body)
        self.assertEqual(ticket, self._tickets())

    def test_deactivated_scheduled_action_trips_and_clears(self):
        rule = self.rules["cron_deactivated"]
        # stopped before go-live: not this go-live's concern
        self._new_cron(
            name="Old job",
            active=False,
            lastcall=datetime(2026, 9, 30),
            nextcall=datetime(2026, 10, 1),
        )
        # installed switched off, never run: nothing stopped
        self._new_cron(name="Optional job", active=False, nextcall=NOW)
        self._scan()
        self.assertFalse(rule.tripped)
        cron = self._new_cron(
            active=False,
            lastcall=datetime(2026, 11, 20, 5, 0),
            nextcall=datetime(2026, 11, 20, 6, 0),
        )
        self._scan()
        self.assertTrue(rule.tripped)
        self.assertEqual(rule.last_count, 1)
        ticket = self._ticket_of(rule)
        self.assertEqual(ticket.source_res_id, cron.id)
        cron.active = True
        self._scan()
        self.assertFalse(rule.tripped)
        self.assertIn("cleared", ticket.message_ids[0].body)

    def test_outgoing_mail_in_exception_trips_and_clears(self):
        rule = self.rules["mail_exception"]
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {"subject": f"Invoice {i}", "email_to": "x@example.com"}
                    for i in range(3)
                ]
            )
        )
        self._scan()
        self.assertFalse(rule.tripped)
        mails.write({"state": "exception", "failure_reason": "550 refused"})
        self._scan()
        self.assertTrue(rule.tripped)
        self.assertEqual(rule.last_count, 3)
        ticket = self._ticket_of(rule)
        # several records: listed in the ticket, not one source
        self.assertFalse(ticket.source_model)
        for mail in mails:
            self.assertIn(f"/odoo/mail.mail/{mail.id}", str(ticket.description))
        mails.write({"state": "sent"})
        self._scan()
        self.assertFalse(rule.tripped)
        self.assertIn("cleared", ticket.message_ids[0].body)

    def test_incoming_mail_server_failing_trips_and_clears(self):
        rule = self.rules["fetchmail_failing"]
        server = (
            self.env["fetchmail.server"]
            .sudo()
            .create({"name": "Invoices inbox", "server": "imap.example.com"})
        )
        server.write({"state": "done"})
        self._scan()
        self.assertFalse(rule.tripped)
        server.write({"error_date": NOW - timedelta(minutes=30)})
        self._scan()
        self.assertTrue(rule.tripped)
        ticket = self._ticket_of(rule)
        self.assertEqual(ticket.source_model, "fetchmail.server")
        server.write({"error_date": False})
        self._scan()
        self.assertFalse(rule.tripped)
        self.assertIn("cleared", ticket.message_ids[0].body)

    # -- rules -----------------------------------------------------------------

    def test_age_and_count_thresholds(self):
        project = self.env["project.project"].create({"name": "Deliveries"})
        rule = (
            self.env["hypercare.watch.rule"]
            .with_user(self.manager)
            .create(
                {
                    "charter_id": self.charter.id,
                    "name": "Tasks overdue",
                    "model_name": "project.task",
                    "domain": f"[('project_id', '=', {project.id})]",
                    "date_field_name": "date_deadline",
                    "age_value": 2,
                    "age_unit": "days",
                    "count_threshold": 2,
                    "severity_level": "medium",
                    "business_function": "Warehouse",
                }
            )
        )
        self.env["project.task"].create(
            [
                {
                    "name": "Late",
                    "project_id": project.id,
                    "date_deadline": NOW - timedelta(days=3),
                },
                {
                    "name": "Recent",
                    "project_id": project.id,
                    "date_deadline": NOW - timedelta(days=1),
                },
            ]
        )
        self._scan()
        self.assertEqual(rule.last_count, 1)
        self.assertFalse(rule.tripped)
        # a day later the second one is two days late too: two, it trips
        self._scan(NOW + timedelta(days=1, hours=1))
        self.assertEqual(rule.last_count, 2)
        self.assertTrue(rule.tripped)
        ticket = self._ticket_of(rule)
        self.assertEqual(ticket.severity_id.level, "medium")
        self.assertEqual(ticket.business_function, "Warehouse")

    def test_one_open_ticket_at_a_time(self):
        rule = self.rules["cron_failing"]
        cron = self._new_cron(
            failure_count=1, first_failure_date=NOW - timedelta(hours=1)
        )
        self._scan()
        first = self._ticket_of(rule)
        self.assertTrue(first)
        # still failing, more jobs failing: no second ticket while it is open
        self._new_cron(name="Another", failure_count=2, first_failure_date=NOW)
        self._scan(NOW + timedelta(minutes=15))
        self._scan(NOW + timedelta(minutes=30))
        self.assertEqual(self._tickets(), first)
        self.assertEqual(rule.last_count, 2)
        # the ticket is resolved while the jobs still fail: a new one
        self._resolve(first)
        self._scan(NOW + timedelta(minutes=45))
        second = self._ticket_of(rule)
        self.assertNotEqual(second, first)
        self.assertEqual(len(self._tickets()), 2)
        self.assertTrue(second.hypercare_is_open)
        self.assertTrue(cron.exists())

    def test_broken_rule_isolated(self):
        Rule = self.env["hypercare.watch.rule"].sudo()
        broken = Rule.create(
            {
                "charter_id": self.charter.id,
                "name": "Broken",
                "model_name": "res.partner",
                "domain": "[]",
                "sequence": 1,
            }
        )
        gone = Rule.create(
            {
                "charter_id": self.charter.id,
                "name": "Uninstalled",
                "model_name": "res.partner",
                "sequence": 2,
            }
        )
        # what the form refuses can still happen: a field or a model removed
        self.env.cr.execute(
            "UPDATE hypercare_watch_rule SET domain = %s WHERE id = %s",
            ["[('no_such_field', '=', 1)]", broken.id],
        )
        self.env.cr.execute(
            "UPDATE hypercare_watch_rule SET model_name = 'x_gone.model' WHERE id = %s",
            [gone.id],
        )
        self.env.invalidate_all()
        self._new_cron(failure_count=1, first_failure_date=NOW - timedelta(hours=1))
        self._scan()
        self.assertIn("no_such_field", broken.last_error)
        self.assertIn("x_gone.model", gone.last_error)
        self.assertFalse(broken.tripped)
        rule = self.rules["cron_failing"]
        self.assertTrue(rule.tripped)
        self.assertFalse(rule.last_error)
        self.assertTrue(self._ticket_of(rule))

    # -- bad input -------------------------------------------------------------

    def _rule_vals(self, **vals):
        return dict(
            {
                "charter_id": self.charter.id,
                "name": "Contacts without e-mail",
                "model_name": "res.partner",
                "domain": "[('email', '=', False)]",
                "date_field_name": "create_date",
                "count_threshold": 5,
            },
            **vals,
        )

    def test_bad_input_refused(self):
        Rule = self.env["hypercare.watch.rule"].with_user(self.manager)
        before = Rule.sudo().with_context(active_test=False).search_count([])
        cases = [
            ({"domain": "[('email', '=', False"}, "domain"),
            ({"domain": "[('no_such_field', '=', 1)]"}, "no_such_field"),
            ({"domain": "42"}, "domain"),
            ({"date_field_name": "name"}, "date"),
            ({"model_name": "no.such.model"}, "no.such.model"),
            ({"count_threshold": 0}, "greater than 0"),
            ({"count_threshold": -3}, "greater than 0"),
            ({"age_value": -1}, "negative"),
        ]
        for vals, reason in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                Rule.create(self._rule_vals(**vals))
            self.assertIn(reason, str(caught.exception))
        self.assertEqual(
            Rule.sudo().with_context(active_test=False).search_count([]), before
        )
        rule = Rule.create(self._rule_vals())
        with self.assertRaises(ValidationError):
            rule.write({"count_threshold": 0})
        with self.assertRaises(ValidationError):
            rule.write({"domain": "[('nope', '=', 1)]"})
        self.assertEqual(rule.count_threshold, 5)

    def test_unreadable_model_refused_for_that_user(self):
        # a hypercare manager who is no administrator cannot read ir.cron
        self.assertFalse(self.env["ir.cron"].with_user(self.manager).has_access("read"))
        Rule = self.env["hypercare.watch.rule"].with_user(self.manager)
        with self.assertRaises(ValidationError) as caught:
            Rule.create(
                self._rule_vals(
                    model_name="ir.cron", domain="[]", date_field_name=False
                )
            )
        self.assertIn("ir.cron", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.rules["cron_failing"].with_user(self.manager).write(
                {"domain": "[('failure_count', '>', 1)]"}
            )
        # editing what the ticket looks like stays open to them
        self.rules["cron_failing"].with_user(self.manager).write(
            {"severity_level": "critical"}
        )
        self.assertEqual(self.rules["cron_failing"].severity_level, "critical")
        # an administrator may watch scheduled actions
        admin = self.env.ref("base.user_admin")
        admin.group_ids = [
            Command.link(self.env.ref("hypercare_support.group_hypercare_manager").id)
        ]
        self.assertTrue(
            Rule.with_user(admin).create(
                self._rule_vals(
                    model_name="ir.cron", domain="[]", date_field_name=False
                )
            )
        )

    # -- access ----------------------------------------------------------------

    def test_access(self):
        rule = self.rules["cron_failing"]
        with self.assertRaises(AccessError):
            rule.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            self.runs["first_invoice"].with_user(self.user).read(["name"])
        # champions read the watches, change none
        self.assertEqual(rule.with_user(self.champion_user).name, rule.name)
        with self.assertRaises(AccessError):
            rule.with_user(self.champion_user).write({"count_threshold": 3})
        with self.assertRaises(AccessError):
            self.env["hypercare.watch.rule"].with_user(self.champion_user).create(
                self._rule_vals()
            )
        with self.assertRaises(AccessError):
            self.runs["first_invoice"].with_user(self.champion_user).write(
                {"name": "X"}
            )
        # managers configure them
        rule.with_user(self.manager).write({"count_threshold": 3})
        self.assertEqual(rule.count_threshold, 3)
        # another company's rules are out of sight
        other = self.env["res.company"].create({"name": "Other Co"})
        self.manager.company_ids = [Command.link(other.id)]
        charter = self.env["hypercare.charter"].create(
            {"name": "Other go-live", "company_id": other.id, "go_live_date": GO_LIVE}
        )
        self.assertTrue(charter.watch_rule_ids)
        self.assertFalse(
            self.env["hypercare.watch.rule"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("charter_id", "=", charter.id)])
        )

    def test_forms_open_for_champions_and_managers(self):
        rule = self.rules["cron_failing"]
        for user in (self.champion_user, self.manager):
            with self.subTest(user=user.login):
                Rule = self.env["hypercare.watch.rule"].with_user(user)
                views = Rule.get_views([(False, "form"), (False, "list")])
                fields_ = views["models"]["hypercare.watch.rule"]["fields"]
                self.assertIn("domain", fields_)
                self.assertEqual("model_id" in fields_, user == self.manager)
                spec = {
                    name: {}
                    for name in fields_
                    if name not in ("model_id", "date_field_id")
                }
                self.assertEqual(
                    Rule.browse(rule.id).web_read(spec)[0]["name"], rule.name
                )
                charter = self.env["hypercare.charter"].with_user(user)
                arch = charter.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertIn("watch_rule_ids", arch)
        form = self.env["hypercare.watch.rule"].with_user(self.manager)
        data = form.browse(rule.id).web_read(
            {
                "model_id": {"fields": {"display_name": {}}},
                "date_field_id": {"fields": {"display_name": {}}},
            }
        )[0]
        self.assertEqual(
            data["model_id"]["id"], self.env["ir.model"]._get_id("ir.cron")
        )
        self.assertTrue(data["date_field_id"])

    # -- dashboard and stand-up ------------------------------------------------

    def test_dashboard_and_standup_show_tripped_watches(self):
        self._new_cron(failure_count=1, first_failure_date=NOW - timedelta(hours=1))
        self._scan()
        charter = self.charter.with_user(self.champion_user)
        tile = next(
            t
            for t in charter._hypercare_dashboard_sections()["tiles"]
            if t["key"] == "watch_tripped"
        )
        self.assertEqual(tile["value"], 1)
        self.assertEqual(tile["state"], "danger")
        shown = (
            self.env["hypercare.watch.rule"]
            .with_user(self.champion_user)
            .search(tile["action"]["domain"])
        )
        self.assertEqual(shown, self.rules["cron_failing"])
        section = next(
            s for s in charter._hypercare_standup_sections() if s["key"] == "watch"
        )
        self.assertTrue(section["warning"])
        self.assertIn("Scheduled actions failing", section["lines"][0])
