import logging
from datetime import timedelta

from odoo import api, fields, models

from ..charter_templates import FIRST_RUN_TEMPLATES, WATCH_TEMPLATES
from .hypercare_charter import OPEN_STATES

_logger = logging.getLogger(__name__)


class HypercareCharter(models.Model):
    """Proactive watch of the go-live database: watch rules and first runs,
    provisioned from the Odoo template, evaluated by ``ir_cron_watch_scan``."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    watch_rule_ids = fields.One2many(
        "hypercare.watch.rule", "charter_id", string="Watch Rules"
    )
    first_run_ids = fields.One2many(
        "hypercare.first.run", "charter_id", string="First Runs"
    )
    watch_tripped_count = fields.Integer(
        string="Tripped Watches", compute="_compute_watch_tripped_count"
    )

    def _compute_watch_tripped_count(self):
        """A count only: the dashboard shows it to every staff member, also
        to a partner contact who may not read the rules themselves."""
        saved = [cid for cid in self._origin.ids if isinstance(cid, int)]
        counts = dict(
            self.env["hypercare.watch.rule"]
            .sudo()
            ._read_group(
                [("charter_id", "in", saved), ("tripped", "=", True)],
                ["charter_id"],
                ["__count"],
            )
        )
        for charter in self:
            charter.watch_tripped_count = counts.get(charter._origin, 0)

    def _hypercare_watch_provision_new(self):
        """New Odoo charters created without watches get the template's."""
        self.filtered(
            lambda c: (
                c.platform == "odoo" and not c.watch_rule_ids and not c.first_run_ids
            )
        )._hypercare_watch_provision()

    def _hypercare_watch_provision(self):
        """The Odoo template's watches and first runs; those whose app is not
        installed come switched off, with the reason."""
        Rule = self.env["hypercare.watch.rule"].sudo()
        Run = self.env["hypercare.first.run"].sudo()
        rule_vals, run_vals = [], []
        for charter in self:
            for sequence, template in enumerate(WATCH_TEMPLATES, start=1):
                vals = {k: v for k, v in template.items() if k != "key"}
                vals.update(
                    charter_id=charter.id,
                    sequence=sequence,
                    template_key=template["key"],
                )
                rule_vals.append(vals)
            for sequence, template in enumerate(FIRST_RUN_TEMPLATES, start=1):
                vals = {
                    k: v
                    for k, v in template.items()
                    if k not in ("key", "expected_days")
                }
                vals.update(
                    charter_id=charter.id,
                    sequence=sequence,
                    template_key=template["key"],
                    expected_date=charter.go_live_date
                    + timedelta(days=template["expected_days"])
                    if charter.go_live_date
                    else False,
                )
                run_vals.append(vals)
        for Model, vals_list in ((Rule, rule_vals), (Run, run_vals)):
            for vals in vals_list:
                line = Model.new(vals)
                reason = line._watch_unavailable()
                if reason:
                    vals.update(active=False, unavailable_reason=reason)
            Model.create(vals_list)

    @api.model
    def _cron_watch_scan(self):
        """Scheduled action: evaluate the watch rules and first runs of the
        running charters."""
        charters = self.search([("state", "in", OPEN_STATES)])
        Rule = self.env["hypercare.watch.rule"].sudo()
        Run = self.env["hypercare.first.run"].sudo()
        domain = [("charter_id", "in", charters.ids), ("app", "!=", False)]
        Rule.with_context(active_test=False).search(domain)._watch_sync_availability()
        Run.with_context(active_test=False).search(domain)._watch_sync_availability()
        rules = Rule.search([("charter_id", "in", charters.ids)])
        runs = Run.search([("charter_id", "in", charters.ids), ("done", "=", False)])
        self._hypercare_watch_run(rules, runs)

    @api.model
    def _hypercare_watch_run(self, rules, runs):
        """Evaluate watch rules and first runs, charter by charter: each
        charter's lines are locked (a concurrent run skips them), each line
        is isolated from the others, progress is committed per charter."""
        now = fields.Datetime.now()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        rules, runs = rules.sudo(), runs.sudo()
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=len(rules) + len(runs))
        for charter in (rules.charter_id | runs.charter_id).sorted("id"):
            mine = rules.filtered(lambda r, c=charter: r.charter_id == c)
            firsts = runs.filtered(lambda r, c=charter: r.charter_id == c)
            mine._watch_lock()._watch_scan(now)
            firsts._watch_lock()._watch_scan(now)
            if in_cron and not self.env["ir.cron"]._commit_progress(
                len(mine) + len(firsts)
            ):
                break

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        tripped = self.watch_tripped_count
        res["tiles"].append(
            {
                "key": "watch_tripped",
                "label": self.env._("Tripped watches"),
                "value": tripped,
                "sequence": 80,
                "state": "danger" if tripped else "ok",
                "action": self.env["hypercare.watch.rule"].has_access("read")
                and self._hypercare_watch_action(tripped_only=True),
                "help": self.env._(
                    "Watch rules on the database (failing scheduled actions, "
                    "e-mails, stuck documents) whose condition holds now."
                ),
            }
        )
        return res

    def _hypercare_standup_sections(self):
        res = super()._hypercare_standup_sections()
        # the caller checked that the user is staff of the charter
        rules = self.sudo().watch_rule_ids.filtered("tripped")
        runs = self.sudo().first_run_ids.filtered("is_overdue")
        lines = [
            self.env._(
                "%(rule)s: %(count)s record(s) (trips at %(threshold)s)",
                rule=rule.name,
                count=rule.last_count,
                threshold=rule.count_threshold,
            )
            for rule in rules
        ] + [self.env._("First run overdue: %(name)s", name=run.name) for run in runs]
        if lines or self.sudo().watch_rule_ids:
            res.append(
                {
                    "key": "watch",
                    "title": self.env._("Watches"),
                    "sequence": 60,
                    "lines": lines or [self.env._("No watch tripped.")],
                    "warning": bool(lines),
                }
            )
        return res

    def _hypercare_watch_action(self, tripped_only=False):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_watch_rule_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        if tripped_only:
            action["domain"].append(("tripped", "=", True))
            action["name"] = self.env._("Tripped watches")
        action["context"] = {"default_charter_id": self.id}
        return action

    def action_open_watch_rules(self):
        return self._hypercare_watch_action()
