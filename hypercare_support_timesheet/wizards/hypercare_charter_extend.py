from odoo import api, fields, models


class HypercareCharterExtend(models.TransientModel):
    """The extend dialog shows what the extension costs in partner hours."""

    _inherit = "hypercare.charter.extend"

    partner_budget_measured = fields.Boolean(
        related="charter_id.partner_budget_measured"
    )
    partner_hours_budget = fields.Float(related="charter_id.partner_hours_budget")
    partner_hours_left = fields.Float(
        related="charter_id.partner_hours_left", string="Partner Hours Left Today"
    )
    partner_burn_rate = fields.Float(related="charter_id.partner_burn_rate")
    partner_hours_needed = fields.Float(
        compute="_compute_partner_hours_needed",
        string="Partner Hours the Extension Needs",
        help="The extra days times the burn rate of the last 7 days.",
    )
    partner_hours_missing = fields.Float(
        compute="_compute_partner_hours_needed",
        help="Hours to buy to reach the new end at the current burn rate.",
    )

    @api.depends("charter_id", "new_end_date")
    def _compute_partner_hours_needed(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            charter = wizard.charter_id
            rate = charter.partner_burn_rate
            needed = missing = 0.0
            if wizard.new_end_date and rate:
                start = max(charter.planned_end_date or today, today)
                needed = rate * max((wizard.new_end_date - start).days, 0)
                until_end = rate * max((wizard.new_end_date - today).days, 0)
                missing = max(until_end - charter.partner_hours_left, 0.0)
            wizard.partner_hours_needed = needed
            wizard.partner_hours_missing = missing
