from odoo import api, fields, models
from odoo.exceptions import AccessError

# the stage flags that decide a hypercare ticket's SLA state, on any carrier
SLA_FLAGS = ("hypercare_pauses_sla", "hypercare_resolves", "hypercare_cancels")


class HypercareStageMixin(models.AbstractModel):
    """The hypercare flags of a carrier's stages; each carrier adds the flags
    its own stages need (resolving, cancelling). They stop and start SLA
    clocks: only hypercare managers set them (a carrier may let every
    internal user edit its stages, e.g. Odoo's to-do stages)."""

    _name = "hypercare.stage.mixin"
    _description = "Hypercare Stage Flags"

    hypercare_pauses_sla = fields.Boolean(
        string="Pauses SLA",
        help="Time hypercare tickets spend in this stage (e.g. waiting for the "
        "user) is added to the deadlines of their running SLA clocks. Marking "
        "or unmarking it starts or ends the pause of the tickets in the stage.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(fname) for vals in vals_list for fname in SLA_FLAGS):
            self._hypercare_check_sla_flags()
        return super().create(vals_list)

    def write(self, vals):
        changed = {
            fname: bool(vals[fname])
            for fname in SLA_FLAGS
            if fname in vals and fname in self._fields
        }
        if any(stage[f] != value for stage in self for f, value in changed.items()):
            self._hypercare_check_sla_flags()
        flipped = self.browse()
        if "hypercare_pauses_sla" in changed:
            flipped = self.filtered(
                lambda s: s.hypercare_pauses_sla != changed["hypercare_pauses_sla"]
            )
        res = super().write(vals)
        if flipped:
            flipped._hypercare_refresh_tickets()
        return res

    def _hypercare_check_sla_flags(self):
        if self.env.su or self.env.user.has_group(
            "hypercare_support.group_hypercare_manager"
        ):
            return
        raise AccessError(
            self.env._(
                "Only hypercare managers can change whether a stage pauses, "
                "resolves or cancels hypercare tickets: it stops or starts "
                "their SLA clocks."
            )
        )

    def _hypercare_refresh_tickets(self):
        """The open tickets sitting in these stages start or end their pause
        as if they had just entered or left them (the first batch now, the
        rest by the scan; see ``_sla_refresh_open`` of the ticket mixin)."""
        Charter = self.env["hypercare.charter"]
        for model_name in Charter._hypercare_ticket_models():
            Ticket = self.env[model_name]
            stage = Ticket._fields.get("stage_id")
            if stage and stage.comodel_name == self._name:
                Ticket._sla_refresh_open([("stage_id", "in", self.ids)])
