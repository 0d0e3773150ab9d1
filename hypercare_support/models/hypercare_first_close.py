from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate, format_date

_lt = LazyTranslate(__name__)

# (name, days after the period end, required) per platform
FIRST_CLOSE_TEMPLATES = {
    "odoo": [
        (_lt("Bank reconciliation complete for every journal"), 3, True),
        (_lt("Receivable cut-off: invoices and credit notes posted"), 3, True),
        (_lt("Payable cut-off: vendor bills and accruals posted"), 4, True),
        (_lt("Inventory valuation reconciled with the stock accounts"), 5, True),
        (_lt("Tax report reviewed and reconciled"), 6, True),
        (_lt("Lock dates set (journal entries, tax, hard lock)"), 7, True),
        (_lt("Management reports reviewed with the controller"), 8, False),
    ],
    "d365_bc": [
        (_lt("Bank account reconciliations posted"), 3, True),
        (_lt("Sales cut-off: shipments invoiced, customer ledger reconciled"), 3, True),
        (_lt("Purchase cut-off: receipts invoiced, vendor ledger reconciled"), 4, True),
        (_lt("Adjust Cost - Item Entries run, inventory reconciled to G/L"), 5, True),
        (_lt("VAT statement reviewed"), 6, True),
        (_lt("Allow Posting From/To dates and accounting period closed"), 7, True),
        (_lt("Financial reports reviewed with the controller"), 8, False),
    ],
    "d365_fo": [
        (_lt("Bank reconciliation complete for every bank account"), 3, True),
        (_lt("Accounts receivable cut-off and aging reconciled"), 3, True),
        (_lt("Accounts payable cut-off and accruals posted"), 4, True),
        (_lt("Inventory close / recalculation run and reconciled"), 5, True),
        (_lt("Sales tax settlement reviewed"), 6, True),
        (_lt("Ledger periods on hold or closed (period close workspace)"), 7, True),
        (_lt("Financial reports reviewed with the controller"), 8, False),
    ],
    "other": [
        (_lt("Bank reconciliation complete"), 3, True),
        (_lt("Receivable cut-off"), 3, True),
        (_lt("Payable cut-off"), 4, True),
        (_lt("Inventory valuation reconciled"), 5, True),
        (_lt("Tax report reviewed"), 6, True),
        (_lt("Period locked"), 7, True),
        (_lt("Management reports reviewed"), 8, False),
    ],
}
CLOSE_STATES = [
    ("draft", "In preparation"),
    ("ready", "Ready"),
    ("closed", "Closed"),
    ("failed", "Failed"),
]


class HypercareFirstClose(models.Model):
    """First period close after go-live: the readiness checklist and its
    outcome. A successful close satisfies the ``first_close`` exit criterion."""

    _name = "hypercare.first.close"
    _description = "Hypercare First Close"
    _inherit = "mail.thread"
    _order = "period_end desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        default=lambda self: self.env["hypercare.charter"]._get_active_charter(),
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    name = fields.Char(compute="_compute_name", store=True)
    period_end = fields.Date(required=True, tracking=True)
    item_ids = fields.One2many(
        "hypercare.first.close.item", "first_close_id", string="Checklist"
    )
    readiness = fields.Float(
        compute="_compute_readiness",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Share of the required checklist lines done (%).",
    )
    state = fields.Selection(
        CLOSE_STATES,
        compute="_compute_state",
        store=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    outcome = fields.Selection(
        [("closed", "Closed"), ("failed", "Failed")], readonly=True, copy=False
    )
    date_done = fields.Datetime(string="Closed On", readonly=True, copy=False)
    overdue_count = fields.Integer(compute="_compute_overdue_count")
    note = fields.Html()

    @api.depends("charter_id.name", "period_end")
    def _compute_name(self):
        for close in self:
            close.name = self.env._(
                "First close %(period)s",
                period=format_date(self.env, close.period_end)
                if close.period_end
                else "",
            )

    @api.depends("item_ids.done", "item_ids.required")
    def _compute_readiness(self):
        for close in self:
            required = close.item_ids.filtered("required")
            if required:
                done = len(required.filtered("done"))
                close.readiness = 100.0 * done / len(required)
            else:
                # an unsaved form is not ready yet: its checklist comes on save
                close.readiness = 100.0 if close._origin else 0.0

    @api.depends("outcome", "item_ids.done", "item_ids.required")
    def _compute_state(self):
        for close in self:
            pending = close.item_ids.filtered(lambda i: i.required and not i.done)
            if close.outcome:
                close.state = close.outcome
            elif pending or not close._origin:
                close.state = "draft"
            else:
                close.state = "ready"

    def _compute_overdue_count(self):
        for close in self:
            close.overdue_count = len(close.item_ids.filtered("is_overdue"))

    @api.model_create_multi
    def create(self, vals_list):
        charters = self.env["hypercare.charter"].browse(
            [vals.get("charter_id") for vals in vals_list]
        )
        for vals, charter in zip(vals_list, charters, strict=True):
            # a new form leaves the checklist out (read-only until saved):
            # the platform's comes with it; item_ids=[] asks for no line
            if "item_ids" not in vals and charter and vals.get("period_end"):
                vals["item_ids"] = self._template_commands(
                    charter.platform, fields.Date.to_date(vals["period_end"])
                )
        return super().create(vals_list)

    @api.model
    def _template_commands(self, platform, period_end):
        rows = FIRST_CLOSE_TEMPLATES.get(platform) or FIRST_CLOSE_TEMPLATES["other"]
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "name": self.env._(name),
                    "date_due": period_end + timedelta(days=days),
                    "required": required,
                }
            )
            for sequence, (name, days, required) in enumerate(rows, start=1)
        ]

    def action_load_template(self):
        """Add the platform's checklist to a first close that has no line."""
        self._check_manager()
        for close in self.filtered(lambda c: not c.item_ids and not c.outcome):
            close.item_ids = self._template_commands(
                close.charter_id.platform, close.period_end
            )
        return True

    def _check_manager(self):
        if not self.env.user.has_group("hypercare_support.group_hypercare_manager"):
            raise UserError(
                self.env._("Only a hypercare manager can record the first close.")
            )

    def action_close(self):
        """Record the first close as completed: only once it is ready."""
        self._check_manager()
        for close in self:
            if close.state != "ready":
                raise UserError(
                    self.env._(
                        "%(name)s is not ready: finish every required checklist "
                        "line first.",
                        name=close.display_name,
                    )
                )
        self.write({"outcome": "closed", "date_done": fields.Datetime.now()})
        return True

    def action_fail(self):
        """The close did not succeed: record it; plan another one."""
        self._check_manager()
        closed = self.filtered(lambda c: c.state == "closed")
        if closed:
            raise UserError(
                self.env._("A completed first close cannot be marked as failed.")
            )
        self.write({"outcome": "failed", "date_done": fields.Datetime.now()})
        return True

    def action_reset(self):
        """Back to preparation (a failed close being retried)."""
        self._check_manager()
        self.write({"outcome": False, "date_done": False})
        return True
