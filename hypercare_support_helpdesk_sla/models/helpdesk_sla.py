from odoo import fields, models

from odoo.addons.hypercare_support.models.hypercare_severity import LEVELS


class HelpdeskSla(models.Model):
    """A helpdesk_mgmt_sla policy made from a row of a charter's BAU matrix
    when the charter closed: one per charter and level."""

    _inherit = "helpdesk.sla"

    hypercare_charter_id = fields.Many2one(
        "hypercare.charter",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The closed hypercare charter whose BAU matrix this policy continues.",
    )
    hypercare_level = fields.Selection(
        LEVELS,
        readonly=True,
        copy=False,
        help="The severity level of the BAU row this policy was made from.",
    )
    hypercare_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Counted In",
        readonly=True,
        copy=False,
        help="Policies of a charter: the hours count in this calendar's working "
        "hours (a BAU row in business hours); empty, in wall-clock hours.",
    )

    # closing twice, or finishing an interrupted handover, makes no duplicate
    _hypercare_charter_level_uniq = models.Constraint(
        "UNIQUE (hypercare_charter_id, hypercare_level)",
        "This charter already has a BAU SLA policy for this level.",
    )
