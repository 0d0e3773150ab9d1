from odoo import fields, models


class HypercareStageMixin(models.AbstractModel):
    """The hypercare flags of a carrier's stages; each carrier adds the flags
    its own stages need (resolving, cancelling)."""

    _name = "hypercare.stage.mixin"
    _description = "Hypercare Stage Flags"

    hypercare_pauses_sla = fields.Boolean(
        string="Pauses SLA",
        help="Time hypercare tickets spend in this stage (e.g. waiting for the "
        "user) is added to their SLA deadlines.",
    )
