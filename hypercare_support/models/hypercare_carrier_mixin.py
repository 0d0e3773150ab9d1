from odoo import api, fields, models


class HypercareCarrierMixin(models.AbstractModel):
    """A container of hypercare tickets (a project, a helpdesk team): the
    charter naming it, through the charter's Many2one given by
    ``_hypercare_charter_field``.

    A carrier inherits it first in ``_inherit``, sets the class attribute and
    completes ``hypercare_charter_ids`` with that field as inverse.
    """

    _name = "hypercare.carrier.mixin"
    _description = "Hypercare Ticket Carrier"

    # the hypercare.charter Many2one to this model, e.g. "project_id"
    _hypercare_charter_field = None

    # inverse_name: each carrier's _hypercare_charter_field
    hypercare_charter_ids = fields.One2many(
        "hypercare.charter", string="Hypercare Charters"
    )
    hypercare_charter_id = fields.Many2one(
        "hypercare.charter",
        compute="_compute_hypercare_charter_id",
        store=True,
        index="btree_not_null",
    )

    @api.depends("hypercare_charter_ids")
    def _compute_hypercare_charter_id(self):
        for carrier in self:
            carrier.hypercare_charter_id = carrier.hypercare_charter_ids[:1]
