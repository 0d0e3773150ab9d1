from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, HypercareCase


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
        # the charter's watch rules and first runs, by template
        cls.rules = {
            r.template_key: r
            for r in cls.charter.with_context(active_test=False).watch_rule_ids
        }
        cls.runs = {
            r.template_key: r
            for r in cls.charter.with_context(active_test=False).first_run_ids
        }

    def _scan(self, when=NOW):
        with freeze_time(when):
            self.env["hypercare.charter"]._cron_watch_scan()

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


@tagged("-at_install", "post_install")
class TestWatch(WatchCase):
    """Proactive watch: provisioning, built-in watches trip and clear, one
    ticket at a time, a broken rule is isolated."""

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
