from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .hypercare_severity import LEVELS
from .hypercare_watch_mixin import LISTED_RECORDS

AGE_UNITS = [("hours", "Hours"), ("days", "Days")]
COUNT_CAP = 1000  # counting stops there (or at the threshold): "at least"


class HypercareWatchRule(models.Model):
    """A proactive watch on the go-live database: it trips when at least
    ``count_threshold`` records of ``model_name`` match ``domain`` with
    their date field older than the age threshold, and then raises one
    hypercare ticket, none again while that one is open."""

    _name = "hypercare.watch.rule"
    _inherit = ["hypercare.watch.mixin"]
    _description = "Hypercare Watch Rule"
    _order = "charter_id, sequence, id"

    age_value = fields.Integer(
        string="Older Than", default=0, help="0: any age, as soon as it matches."
    )
    age_unit = fields.Selection(AGE_UNITS, default="days", required=True)
    since_go_live = fields.Boolean(
        string="Since Go-Live Only",
        help="Count only the records whose date is on or after the go-live.",
    )
    count_threshold = fields.Integer(
        string="Trips At", default=1, required=True, help="Number of records."
    )
    severity_level = fields.Selection(
        LEVELS, string="Ticket Severity", default="high", required=True
    )
    business_function = fields.Char(string="Ticket Function")
    last_count = fields.Integer(
        readonly=True,
        copy=False,
        help="Matching records at the last check, counted up to 1 000 (or the "
        "count threshold, when higher).",
    )
    tripped = fields.Boolean(readonly=True, copy=False, index=True)
    date_tripped = fields.Datetime(readonly=True, copy=False)

    @api.constrains("count_threshold", "age_value")
    def _check_thresholds(self):
        for rule in self:
            if rule.count_threshold <= 0:
                raise ValidationError(
                    self.env._(
                        "%(rule)s: the count threshold must be greater than 0.",
                        rule=rule.name,
                    )
                )
            if rule.age_value < 0:
                raise ValidationError(
                    self.env._(
                        "%(rule)s: the age threshold cannot be negative.",
                        rule=rule.name,
                    )
                )

    def _watch_cutoff(self, now):
        self.ensure_one()
        if not self.age_value:
            return now
        return now - timedelta(**{self.age_unit: self.age_value})

    def _watch_domain(self, now):
        """Full domain of the rule for its charter, at ``now``."""
        self.ensure_one()
        model = self._watch_model()
        charter = self.charter_id
        domain = self._watch_user_domain() & self._watch_company_domain(
            model, charter.company_id
        )
        fname = self.date_field_name
        if fname:
            field = model._fields[fname]
            cutoff = self._watch_cutoff(now)
            go_live = self._watch_go_live(charter)
            if field.type == "date":
                cutoff, go_live = cutoff.date(), go_live.date()
            if self.age_value:
                domain &= Domain(fname, "<=", cutoff)
            if self.since_go_live:
                domain &= Domain(fname, ">=", go_live)
        return domain

    def _watch_count(self, now):
        """``(model, domain, count)`` of the rule: one count query, capped."""
        self.ensure_one()
        model = self._watch_model()
        if model is None:
            raise ValueError(
                self.env._(
                    "The model %(model)s is not installed.", model=self.model_name
                )
            )
        # counted, and named on the ticket, as its author sees them: a rule
        # never reads records its author may not read (templates are the
        # system's own)
        author = self.sudo().create_uid
        if author and not author._is_superuser():
            model = model.with_user(author)
        else:
            model = model.sudo()
        model = model.with_company(self.charter_id.company_id)
        domain = self._watch_domain(now)
        count = model.search_count(domain, limit=max(COUNT_CAP, self.count_threshold))
        return model, domain, count

    def _watch_scan(self, now):
        """Count every rule (each in a savepoint of its own), act only where
        the rule trips without an open ticket or clears with one; the state
        of all rules is written in one go."""
        tickets = self._watch_open_tickets()
        for rule in self:
            try:
                with self.env.cr.savepoint(flush=False):
                    model, domain, count = rule._watch_count(now)
            except Exception as error:  # noqa: BLE001 (reported on the rule)
                rule._watch_record_error(now, error)
                continue
            trips = count >= rule.count_threshold
            ticket = tickets.get(rule.id)
            if (trips and not ticket) or (ticket and rule.tripped and not trips):
                try:
                    with self.env.cr.savepoint():
                        rule._watch_act(model, domain, count, ticket)
                except Exception as error:  # noqa: BLE001 (reported on the rule)
                    rule._watch_record_error(now, error)
                    continue
            vals = {"last_check": now, "last_count": count, "last_error": False}
            if trips != rule.tripped:
                vals.update(tripped=trips, date_tripped=trips and now)
            rule.update(vals)

    def _watch_act(self, model, domain, count, ticket):
        """Raise the ticket of a rule that trips, or say on its open ticket
        that the condition cleared."""
        self.ensure_one()
        if ticket:
            ticket.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The watch %(rule)s has cleared: %(count)s record(s) "
                    "match now (it trips at %(threshold)s).",
                    rule=self.name,
                    count=count,
                    threshold=self.count_threshold,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            return
        records = model.search(domain, limit=LISTED_RECORDS, order="id")
        self._watch_raise_ticket(
            self.env._("Watch tripped: %(rule)s", rule=self.name),
            self.env._(
                "%(count)s record(s) of %(model)s match the watch %(rule)s "
                "(trips at %(threshold)s).",
                count=count,
                model=self.model_name,
                rule=self.name,
                threshold=self.count_threshold,
            ),
            records,
            self.severity_level,
            self.business_function,
        )

    def _watch_evaluate(self, now):
        """Evaluate this rule alone (see ``_watch_scan``)."""
        self.ensure_one()
        self._watch_scan(now)
        return self.tripped

    def action_evaluate(self):
        """Evaluate the selected rules now (each on its own, like the cron)."""
        self.charter_id._hypercare_watch_run(self, self.env["hypercare.first.run"])
        return True
