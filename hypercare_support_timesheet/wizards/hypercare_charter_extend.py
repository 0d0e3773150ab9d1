from odoo import api, fields, models


class HypercareCharterExtend(models.TransientModel):
    """The extend dialog shows what the extension costs in partner hours, in
    figures that add up: hours left today, what the current window still
    burns until its planned end, what the extension needs on top, and the
    hours to buy when the rest does not cover it (at the burn rate of the
    last 7 days)."""

    _inherit = "hypercare.charter.extend"

    partner_budget_measured = fields.Boolean(
        related="charter_id.partner_budget_measured"
    )
    partner_hours_budget = fields.Float(related="charter_id.partner_hours_budget")
    partner_hours_left = fields.Float(
        related="charter_id.partner_hours_left", string="Partner Hours Left Today"
    )
    partner_burn_rate = fields.Float(related="charter_id.partner_burn_rate")
    partner_hours_window = fields.Float(
        compute="_compute_partner_hours_needed",
        string="Partner Hours Until the Planned End",
        help="What the current window still uses from today to its planned "
        "end, at the burn rate of the last 7 days.",
    )
    partner_hours_needed = fields.Float(
        compute="_compute_partner_hours_needed",
        string="Partner Hours the Extension Needs",
        help="The extra days times the burn rate of the last 7 days.",
    )
    partner_hours_missing = fields.Float(
        compute="_compute_partner_hours_needed",
        string="Partner Hours to Buy",
        help="Hours left today, minus what the current window and the "
        "extension use at the current burn rate: what the budget lacks to "
        "reach the new end. Zero when it covers it.",
    )

    @api.depends("charter_id", "new_end_date")
    def _compute_partner_hours_needed(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            charter = wizard.charter_id
            rate = charter.partner_burn_rate
            window = needed = missing = 0.0
            if wizard.new_end_date and rate:
                start = max(charter.planned_end_date or today, today)
                window = rate * (start - today).days
                needed = rate * max((wizard.new_end_date - start).days, 0)
                missing = max(window + needed - charter.partner_hours_left, 0.0)
            wizard.partner_hours_window = window
            wizard.partner_hours_needed = needed
            wizard.partner_hours_missing = missing
