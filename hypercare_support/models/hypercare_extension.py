from odoo import fields, models


class HypercareExtension(models.Model):
    """A formal extension of the hypercare window, with the exit criteria
    that were still unmet when it was decided."""

    _name = "hypercare.extension"
    _description = "Hypercare Extension"
    _order = "charter_id, create_date desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    previous_end_date = fields.Date(required=True, readonly=True)
    new_end_date = fields.Date(required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    unmet_criterion_ids = fields.Many2many(
        "hypercare.exit.criterion",
        string="Unmet Criteria",
        readonly=True,
        check_company=True,
        help="Exit criteria not met when hypercare was extended.",
    )
    extended_days = fields.Integer(compute="_compute_extended_days")

    def _compute_extended_days(self):
        for extension in self:
            extension.extended_days = (
                extension.new_end_date - extension.previous_end_date
            ).days
