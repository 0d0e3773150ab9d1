from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import GO_LIVE, NOW
from .test_watch import WatchCase


@tagged("-at_install", "post_install")
class TestWatchRules(WatchCase):
    """Watch rules: bad input refused, who may read and edit them, their
    forms, and the tripped watches on the dashboard and the stand-up."""

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

    def test_rule_counts_only_what_its_author_reads(self):
        """A manager's rule on tasks does not count (nor name on its ticket)
        the tasks of a project that manager cannot read."""
        private = self.env["project.project"].create(
            {"name": "Board matters", "privacy_visibility": "followers"}
        )
        self.env["project.task"].create(
            [
                {"name": f"Payroll secret {n}", "project_id": private.id}
                for n in range(3)
            ]
        )
        rule = (
            self.env["hypercare.watch.rule"]
            .with_user(self.manager)
            .create(
                self._rule_vals(
                    name="Secret tasks",
                    model_name="project.task",
                    domain="[('name', 'ilike', 'Payroll secret')]",
                    date_field_name="create_date",
                    count_threshold=1,
                )
            )
        )
        self._scan(NOW + timedelta(hours=1))
        self.assertFalse(rule.last_error)
        self.assertEqual(rule.last_count, 0)
        self.assertFalse(rule.tripped)
        self.assertFalse(
            self.env[self.ticket_model].search([("name", "ilike", "Secret tasks")])
        )

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
