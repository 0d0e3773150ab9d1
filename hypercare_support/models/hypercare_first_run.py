from datetime import datetime

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import format_date


class HypercareFirstRun(models.Model):
    """A first occurrence the go-live waits for (first invoice posted, first
    vendor payment, ...): ticked with its date and record by the first
    matching record dated from go-live on; a line still open after its
    expected date raises one ticket."""

    _name = "hypercare.first.run"
    _inherit = ["hypercare.watch.mixin"]
    _description = "Hypercare First Run"
    _order = "charter_id, sequence, id"

    expected_date = fields.Date()
    done = fields.Boolean(readonly=True, copy=False)
    date_done = fields.Date(readonly=True, copy=False)
    res_model = fields.Char(string="Record Model", readonly=True, copy=False)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True, copy=False
    )
    res_name = fields.Char(string="First Record", readonly=True, copy=False)
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue")
    first_close_item_ids = fields.One2many(
        "hypercare.first.close.item", "first_run_id", string="First-Close Lines"
    )

    @api.depends("done", "expected_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for run in self:
            run.is_overdue = bool(
                run.active
                and not run.done
                and run.expected_date
                and run.expected_date < today
            )

    def _watch_domain(self):
        """Matching records dated from go-live on, of the charter's company."""
        self.ensure_one()
        model = self._watch_model()
        charter = self.charter_id
        domain = self._watch_user_domain() & self._watch_company_domain(
            model, charter.company_id
        )
        fname = self.date_field_name or "create_date"
        go_live = self._watch_go_live(charter)
        if model._fields[fname].type == "date":
            go_live = go_live.date()
        return domain & Domain(fname, ">=", go_live), fname

    def _watch_evaluate(self, now):
        """Tick the line with the first matching record; raise a ticket,
        once, when it is overdue."""
        self.ensure_one()
        if self.done:
            return True
        model = self._watch_model()
        if model is None:
            raise ValueError(
                self.env._(
                    "The model %(model)s is not installed.", model=self.model_name
                )
            )
        model = model.sudo().with_company(self.charter_id.company_id)
        domain, fname = self._watch_domain()
        first = model.search(domain, order=f"{fname}, id", limit=1)
        vals = {"last_check": now, "last_error": False}
        if first:
            value = first[fname]
            vals.update(
                done=True,
                date_done=value.date() if isinstance(value, datetime) else value,
                res_model=first._name,
                res_id=first.id,
                res_name=first.display_name,
            )
            self.write(vals)
            self.first_close_item_ids.sudo().filtered(lambda i: not i.done).done = True
            return True
        today = fields.Date.context_today(self, now)
        if (
            self.expected_date
            and self.expected_date < today
            and not self._watch_ticket()
        ):
            self._watch_raise_ticket(
                self.env._("First run overdue: %(name)s", name=self.name),
                self.env._(
                    "%(name)s was expected by %(date)s and has not happened yet.",
                    name=self.name,
                    date=format_date(self.env, self.expected_date),
                ),
                model.browse(),
                "high",
                False,
            )
        self.write(vals)
        return False

    def action_evaluate(self):
        """Check the selected lines now."""
        self.charter_id._hypercare_watch_run(self.env["hypercare.watch.rule"], self)
        return True
