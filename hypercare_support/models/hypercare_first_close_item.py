from odoo import api, fields, models


class HypercareFirstCloseItem(models.Model):
    """A line of the first-close readiness checklist."""

    _name = "hypercare.first.close.item"
    _description = "Hypercare First Close Checklist Line"
    _order = "first_close_id, sequence, id"
    _check_company_auto = True

    first_close_id = fields.Many2one(
        "hypercare.first.close",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="first_close_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    owner_id = fields.Many2one("res.users", check_company=True)
    date_due = fields.Date(string="Due")
    done = fields.Boolean(compute="_compute_done", store=True, readonly=False)
    first_run_id = fields.Many2one(
        "hypercare.first.run",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        groups="hypercare_support.group_hypercare_champion",
        help="Ticked when this first run of the go-live happens.",
    )
    required = fields.Boolean(default=True)
    evidence = fields.Text(help="Where the proof is: report, reconciliation, link.")
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    @api.depends("first_run_id.done")
    def _compute_done(self):
        for item in self:
            item.done = item.done or item.first_run_id.done

    @api.depends("done", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.is_overdue = bool(
                not item.done and item.date_due and item.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = [("done", "=", False), ("date_due", "<", today)]
        if True in value:
            return overdue
        return [
            "|",
            ("done", "=", True),
            "|",
            ("date_due", "=", False),
            ("date_due", ">=", today),
        ]
