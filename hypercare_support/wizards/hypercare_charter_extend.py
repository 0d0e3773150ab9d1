from odoo import api, fields, models


class HypercareCharterExtend(models.TransientModel):
    """Extend the hypercare window: new end date and the reason why."""

    _name = "hypercare.charter.extend"
    _description = "Extend Hypercare"

    charter_id = fields.Many2one("hypercare.charter", required=True)
    current_end_date = fields.Date(related="charter_id.planned_end_date")
    new_end_date = fields.Date(required=True)
    reason = fields.Text(required=True)
    unmet_criterion_ids = fields.Many2many(
        "hypercare.exit.criterion", compute="_compute_unmet_criterion_ids"
    )

    @api.depends("charter_id")
    def _compute_unmet_criterion_ids(self):
        for wizard in self:
            wizard.unmet_criterion_ids = wizard.charter_id._hypercare_unmet_criteria()

    def action_extend(self):
        self.ensure_one()
        self.charter_id.action_extend(self.new_end_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
