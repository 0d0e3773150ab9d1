from collections import defaultdict

from odoo import Command, api, fields, models

from .hypercare_ticket_mixin import HypercareTicketMixin as TicketBase

# contexts of the bulk ownership moves: no tracking message nor assignment
# e-mail per ticket (the charter's chatter tells the story once)
QUIET = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "mail_create_nosubscribe": True,
}


class HypercareTicketMixin(models.AbstractModel):
    """What a ticket carries into BAU (workaround, next step) and the moves of
    ownership: to the BAU contact at the handover, to the partner or the
    vendor on escalation. Previous owners stay followers."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the engine's marks of the handover and of the critical alert
    _hypercare_engine_fields = (
        *TicketBase._hypercare_engine_fields,
        "hypercare_handover_date",
        "hypercare_critical_alerted",
        "hypercare_layer_since",
        "bau_response_deadline",
        "bau_resolution_deadline",
        "sla_digest_pending",
    )
    _hypercare_protected_fields = (
        TicketBase._hypercare_champion_fields + _hypercare_engine_fields
    )

    # the rows a ticket may take: the hypercare matrix while its charter runs,
    # the BAU one once it is closed
    severity_id = fields.Many2one(
        domain="[('charter_id', '=', hypercare_charter_id), "
        "('phase', '=', hypercare_severity_phase)]"
    )
    hypercare_severity_phase = fields.Selection(
        lambda self: self.env["hypercare.severity"]._fields["phase"].selection,
        string="Matrix In Use",
        compute="_compute_hypercare_severity_phase",
    )
    workaround = fields.Text(
        help="How the users work around the issue until it is fixed: the "
        "handover report gives it to the BAU team.",
    )
    next_step = fields.Char(
        help="What happens next on this ticket, for whoever owns it after hypercare.",
    )
    hypercare_handover_date = fields.Datetime(
        string="Handed Over On",
        readonly=True,
        copy=False,
        help="When the ticket moved to the BAU matrix and the BAU contact, as "
        "its charter closed.",
    )

    @api.depends("hypercare_charter_id.state")
    def _compute_hypercare_severity_phase(self):
        for ticket in self:
            charter = ticket.sudo().hypercare_charter_id
            ticket.hypercare_severity_phase = (
                charter._hypercare_matrix()[:1].phase if charter else "hypercare"
            )

    def _hypercare_owners(self):
        """Every owner of this ticket (a task may have several assignees)."""
        self.ensure_one()
        if "user_ids" in self._fields and self._fields["user_ids"].store:
            return self.user_ids
        return self._hypercare_owner()

    def _hypercare_replace_owner(self, user):
        """Make ``user`` the only owner of these tickets (set-based), the
        previous owners staying followers."""
        by_partners = defaultdict(list)
        for ticket in self:
            partners = ticket._hypercare_owners().partner_id - user.partner_id
            if partners:
                by_partners[tuple(sorted(partners.ids))].append(ticket.id)
        quiet = self.with_context(**QUIET)
        for partner_ids, ids in by_partners.items():
            quiet.browse(ids).message_subscribe(partner_ids=list(partner_ids))
        return quiet.write(self._hypercare_owner_vals(user))

    def _hypercare_owner_vals(self, user):
        """The values that make ``user`` the only owner of a ticket."""
        if "user_ids" in self._fields and self._fields["user_ids"].store:
            return {"user_ids": [Command.set(user.ids)]}
        return {"user_id": user.id}

    def _hypercare_bau_catch_up(self):
        """After the handover every way in leads to BAU: an open ticket of a
        closed charter that was never handed over (arrived by e-mail or from a
        watch rule after close, or resolved before close and reopened since)
        goes to the BAU contact on the BAU matrix at once. While the handover
        job runs, it takes them itself."""
        tickets = self.sudo()
        closed = tickets.hypercare_charter_id.filtered(
            lambda c: c.state == "closed" and c.handover_state == "done"
        )
        if not closed:
            return  # the usual case: a running charter, nothing to look at
        late = tickets.filtered(
            lambda t: (
                t.hypercare_charter_id in closed
                and t.hypercare_is_open
                and not t.hypercare_handover_date
            )
        )
        now = fields.Datetime.now()
        for charter in late.hypercare_charter_id:
            late.filtered(
                lambda t, c=charter: t.hypercare_charter_id == c
            )._hypercare_hand_over(
                charter.bau_contact_id, charter._hypercare_bau_rows(), now
            )

    def _hypercare_hand_over(self, contact, bau_rows, now):
        """Move these open tickets to the BAU row of their level and to the
        BAU contact, and mark them handed over."""
        quiet = self.with_context(**QUIET)
        by_row = defaultdict(list)
        for ticket in self:
            row = bau_rows.get(ticket.severity_level)
            by_row[row.id if row and ticket.severity_id != row else False].append(
                ticket.id
            )
        # one write per BAU row, the mark with it: each write runs the
        # ticket's hooks once
        for row_id, ids in by_row.items():
            vals = {"hypercare_handover_date": now}
            if row_id:
                vals["severity_id"] = row_id
            quiet.browse(ids).write(vals)
        if contact:
            quiet._hypercare_replace_owner(contact)
        self.flush_recordset()
