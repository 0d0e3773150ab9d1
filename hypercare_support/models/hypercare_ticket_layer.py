from odoo import api, fields, models

from .hypercare_champion import SUPPORT_LAYERS
from .hypercare_severity import LEVELS


class HypercareTicketLayer(models.Model):
    """One stay of a ticket at a support layer: from when it got there to
    when it left (escalated, resolved, cancelled). The Analysis sums the
    hours per layer: the partner's (L3) and the vendor's (L4) share of the work."""

    _name = "hypercare.ticket.layer"
    _description = "Hypercare Ticket Layer Stay"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    res_model = fields.Char(string="Ticket Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Ticket ID", model_field="res_model", required=True, index=True
    )
    support_layer = fields.Selection(SUPPORT_LAYERS, required=True)
    severity_level = fields.Selection(LEVELS)
    date_start = fields.Datetime(required=True)
    date_end = fields.Datetime(required=True)
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        aggregator="sum",
        digits=(16, 2),
        help="Wall-clock hours the ticket spent at this layer.",
    )
    user_id = fields.Many2one("res.users", string="Owner")
    reason = fields.Text(help="Why the ticket left this layer (its escalation).")

    @api.depends("date_start", "date_end")
    def _compute_hours(self):
        for stay in self:
            seconds = (stay.date_end - stay.date_start).total_seconds()
            stay.hours = max(seconds, 0.0) / 3600.0
