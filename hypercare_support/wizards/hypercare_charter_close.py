from odoo import api, fields, models


class HypercareCharterClose(models.TransientModel):
    """Close hypercare: straight when exit-ready, else a manager override
    with a written reason."""

    _name = "hypercare.charter.close"
    _description = "Close Hypercare"

    charter_id = fields.Many2one("hypercare.charter", required=True)
    bau_contact_id = fields.Many2one(related="charter_id.bau_contact_id")
    exit_ready = fields.Boolean(compute="_compute_exit_ready")
    unmet_criterion_ids = fields.Many2many(
        "hypercare.exit.criterion", compute="_compute_exit_ready"
    )
    override_reason = fields.Text(
        help="Required when exit criteria are unmet: why hypercare closes anyway."
    )

    @api.depends("charter_id")
    def _compute_exit_ready(self):
        for wizard in self:
            unmet = wizard.charter_id._hypercare_unmet_criteria()
            wizard.unmet_criterion_ids = unmet
            wizard.exit_ready = not unmet.filtered("required")

    def action_close(self):
        self.ensure_one()
        self.charter_id.action_close(override_reason=self.override_reason)
        return {"type": "ir.actions.act_window_close"}
