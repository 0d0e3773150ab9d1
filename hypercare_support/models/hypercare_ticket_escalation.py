from collections import defaultdict

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError

from .hypercare_ticket_mixin import NEXT_LAYER, OPEN_STATES

# layer -> the charter's role that owns the tickets escalated to it
LAYER_OWNERS = {"l3": "partner_contact_id", "l4": "vendor_liaison_id"}


class HypercareTicketMixin(models.AbstractModel):
    """Escalation that moves the work: one layer up with a reason, the L3 / L4
    owner assigned and told, and the time spent at each layer kept
    (``hypercare.ticket.layer``)."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    hypercare_layer_since = fields.Datetime(
        string="At This Layer Since",
        readonly=True,
        copy=False,
        help="When the ticket reached its current support layer (empty: since "
        "it was reported).",
    )

    def _hypercare_layers_before_write(self, vals):
        """{ticket id: layer} of the tickets a write may move to another layer."""
        if "support_layer" not in vals:
            return {}
        return {
            ticket.id: (ticket.support_layer or "l1")
            for ticket in self.sudo()
            if ticket.hypercare_charter_id
        }

    def _hypercare_layers_after_write(self, before):
        """The tickets that changed layer close their stay at the old one."""
        if not before:
            return
        now = fields.Datetime.now()
        moved = self.browse(
            [
                t.id
                for t in self.sudo()
                if t.id in before and (t.support_layer or "l1") != before[t.id]
            ]
        )
        if moved:
            moved._hypercare_record_layer_stays(before, now)
            moved.sudo().with_context(mail_notrack=True).write(
                {"hypercare_layer_since": now}
            )

    def _hypercare_record_layer_stays(self, layers, end, ends=None):
        """Record the stay of each of these tickets at ``layers[ticket.id]``,
        up to ``end`` (or ``ends[ticket.id]``), one create for the batch."""
        reason = self.env.context.get("hypercare_escalation_reason")
        vals_list = []
        for ticket in self.sudo():
            stop = (ends or {}).get(ticket.id) or end
            start = ticket.hypercare_layer_since or ticket.date_reported or stop
            vals_list.append(
                {
                    "charter_id": ticket.hypercare_charter_id.id,
                    "res_model": ticket._name,
                    "res_id": ticket.id,
                    "support_layer": layers[ticket.id],
                    "severity_level": ticket.severity_level,
                    "date_start": min(start, stop),
                    "date_end": stop,
                    "user_id": ticket._hypercare_owner().id,
                    "reason": reason,
                }
            )
        return self.env["hypercare.ticket.layer"].sudo().create(vals_list)

    def _hypercare_after_state_change(self, before, at=None):
        """A ticket resolved or cancelled ends its stay at its layer; one
        reopened starts a new one."""
        res = super()._hypercare_after_state_change(before, at=at)
        now = at or fields.Datetime.now()
        ended = self.filtered(
            lambda t: (
                t.hypercare_charter_id
                and t.hypercare_state not in OPEN_STATES
                and before.get(t.id, "open") in OPEN_STATES
            )
        )
        if ended:
            # a resolution dated earlier (an issue closed as phoned in) ends it there
            ended._hypercare_record_layer_stays(
                {t.id: t.support_layer or "l1" for t in ended},
                now,
                ends={
                    t.id: t.date_resolved for t in ended if t.hypercare_state == "done"
                },
            )
        reopened = self.filtered(
            lambda t: (
                t.hypercare_charter_id
                and t.hypercare_state in OPEN_STATES
                and before.get(t.id, "open") not in OPEN_STATES
            )
        )
        if reopened:
            reopened.sudo().write({"hypercare_layer_since": now})
        return res

    def action_hypercare_escalate(self, reason=None):
        """Escalate one support layer up. A reason is required: the buttons
        (context ``hypercare_escalate_dialog``) open the dialog asking for it.
        L3 goes to the charter's partner contact, L4 to its vendor liaison.
        Escalating starts no triage session."""
        self._hypercare_check_champion(triaging=False)
        if reason is None and self.env.context.get("hypercare_escalate_dialog"):
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Escalate"),
                "res_model": "hypercare.ticket.escalate",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_res_model": self._name,
                    "default_res_ids": ",".join(str(i) for i in self.ids),
                },
            }
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for escalating %(tickets)s.",
                    tickets=", ".join(self.mapped("display_name")),
                )
            )
        settled = self.sudo().filtered(
            lambda t: (
                not t.hypercare_is_open
                or t.hypercare_charter_id.state not in ("active", "extended")
            )
        )
        if settled:
            raise UserError(
                self.env._(
                    "%(tickets)s can no longer be escalated: resolved, cancelled, "
                    "or their hypercare is closed (business as usual owns them).",
                    tickets=", ".join(settled.mapped("display_name")),
                )
            )
        top = self.filtered(lambda t: t.support_layer == "l4")
        if top:
            raise UserError(
                self.env._(
                    "%(tickets)s already sit at L4, the software vendor: there is "
                    "no layer above.",
                    tickets=", ".join(top.mapped("display_name")),
                )
            )
        self._hypercare_escalate(reason)
        return True

    def _hypercare_escalate(self, reason, auto=False):
        """Move these tickets one layer up (set-based), assign the L3 / L4
        owner of their charter and tell them. Returns {ticket id: new owner}.
        The scan (``auto``) notes the escalation itself and its activity goes
        to the new owner; a champion's escalation is noted here with its
        reason and the new owner gets an activity and a notification."""
        by_layer = defaultdict(lambda: self.browse())
        for ticket in self:
            by_layer[NEXT_LAYER[ticket.support_layer or "l1"]] |= ticket
        assigned = {}
        for layer, tickets in by_layer.items():
            old = {t.id: (t.support_layer or "l1").upper() for t in tickets}
            ctx = {"hypercare_escalation_reason": reason}
            if auto:
                ctx["mail_notrack"] = True
            tickets.with_context(**ctx).write({"support_layer": layer})
            role = LAYER_OWNERS.get(layer)
            for charter, group in (
                tickets.sudo().grouped("hypercare_charter_id").items()
            ):
                owner = charter[role] if role else self.env["res.users"]
                if owner:
                    group._hypercare_replace_owner(owner)
                    assigned.update(dict.fromkeys(group.ids, owner))
            if not auto:
                tickets._hypercare_note_escalation(old, layer, reason, assigned)
        return assigned

    def _hypercare_note_escalation(self, old, layer, reason, assigned):
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for ticket in self:
            owner = assigned.get(ticket.id)
            body = escape(self.env._("Escalated from %(old)s to %(new)s.")) % {
                "old": old[ticket.id],
                "new": layer.upper(),
            }
            if owner:
                body += Markup(" ") + escape(self.env._("Assigned to %(owner)s.")) % {
                    "owner": owner.name
                }
            body += Markup("<br/>") + escape(reason)
            # a note addressed to the new owner: the reporter hears of the
            # escalation in their words (_hypercare_reporter_after_write)
            ticket.sudo().message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                partner_ids=owner.partner_id.ids if owner else [],
            )
            if owner and todo:
                ticket.sudo().activity_schedule(
                    activity_type_id=todo.id,
                    user_id=owner.id,
                    summary=self.env._(
                        "Escalated to you (%(layer)s)", layer=layer.upper()
                    ),
                    note=escape(reason),
                )
