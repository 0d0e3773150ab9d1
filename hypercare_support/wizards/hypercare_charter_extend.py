from datetime import timedelta

from odoo import api, fields, models


class HypercareCharterExtend(models.TransientModel):
    """Extend the hypercare window: new end date and the reason why."""

    _name = "hypercare.charter.extend"
    _description = "Extend Hypercare"

    charter_id = fields.Many2one("hypercare.charter", required=True)
    current_end_date = fields.Date(related="charter_id.planned_end_date")
    new_end_date = fields.Date(
        required=True,
        compute="_compute_new_end_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Proposed: one week after the current planned end, and after the "
        "first close when that comes later.",
    )
    reason = fields.Text(required=True)
    unmet_criterion_ids = fields.Many2many(
        "hypercare.exit.criterion", compute="_compute_unmet_criterion_ids"
    )

    @api.depends("charter_id")
    def _compute_new_end_date(self):
        # the date picker opens on the planned end's week, not on today
        for wizard in self:
            charter = wizard.charter_id
            end = charter.planned_end_date
            proposed = end + timedelta(weeks=1) if end else False
            # the first close still to come: a week past its period end
            pending = charter.first_close_ids.filtered(
                lambda c: c.state not in ("closed", "failed")
            )
            if proposed and pending:
                last = max(pending.mapped("period_end")) + timedelta(weeks=1)
                proposed = max(proposed, last)
            wizard.new_end_date = proposed

    @api.depends("charter_id")
    def _compute_unmet_criterion_ids(self):
        for wizard in self:
            wizard.unmet_criterion_ids = wizard.charter_id._hypercare_unmet_criteria()

    def action_extend(self):
        self.ensure_one()
        self.charter_id.action_extend(self.new_end_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
