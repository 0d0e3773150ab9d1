from odoo import api, fields, models


class HypercareFloorLog(models.Model):
    """A floor question may become a helpdesk ticket of the charter."""

    _inherit = "hypercare.floor.log"

    helpdesk_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="The helpdesk ticket the question became.",
    )

    @api.model
    def _hypercare_ticket_fields(self):
        return [*super()._hypercare_ticket_fields(), "helpdesk_ticket_id"]
