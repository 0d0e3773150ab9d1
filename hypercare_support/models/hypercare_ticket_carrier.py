from odoo import api, models


class HypercareTicketMixin(models.AbstractModel):
    """The carrier hooks: what each carrier (``project.task``, OCA's
    ``helpdesk.ticket``) fills for the mixin."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _compute_hypercare_charter_id(self):
        raise NotImplementedError

    def _compute_hypercare_state(self):
        raise NotImplementedError

    def _hypercare_owner(self):
        """The user who owns this ticket (gets SLA activities)."""
        self.ensure_one()
        return self.env["res.users"]

    @api.model
    def _hypercare_assigned_domain(self):
        """Hypercare tickets of this carrier assigned to the current user."""
        return [
            ("hypercare_charter_id", "!=", False),
            (self._hypercare_owner_field, "in", [self.env.uid]),
        ]

    @api.model
    def _hypercare_carries(self, charter):
        """Whether this model carries the tickets of ``charter``."""
        raise NotImplementedError

    @api.model
    def _hypercare_carrier_vals(self, charter):
        """Values that put a new ticket in ``charter``'s carrier (its project,
        its helpdesk team): used to create tickets and as action defaults."""
        raise NotImplementedError

    def _hypercare_reopen(self):
        """Carrier hook: move resolved tickets back to work."""
        raise NotImplementedError

    def _hypercare_after_triage(self):
        """Carrier hook: e.g. move the ticket out of the inbox stage."""

    def _hypercare_set_owner(self, user):
        """Carrier hook: make ``user`` the owner of this ticket."""
        raise NotImplementedError

    @api.model
    def _hypercare_charter_from_values(self, values):
        """Carrier hook: the charter a ticket created with ``values`` belongs
        to (from its project, its helpdesk team), for the mail gateway."""
        return self.env["hypercare.charter"]
