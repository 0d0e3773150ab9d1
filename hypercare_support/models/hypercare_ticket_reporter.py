from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.fields import Domain

from .hypercare_ticket_handover import QUIET

# the steps a reporter is told of, once each (the resolution is told by
# _hypercare_notify_resolved, a known issue's news by the known issue)
REPORTER_STEPS = ("acknowledged", "workaround", "l3", "l4")


class HypercareTicketMixin(models.AbstractModel):
    """What the reporter hears: one message per step (acknowledged, the
    workaround, escalated to the partner or the vendor), addressed to them
    alone; the staff's internal notes and the system's tracking stay out of
    their chatter."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the carrier's own user group (project user, helpdesk user): a user
    # with neither it nor a hypercare staff group opens tickets in the
    # reporter's form, not the staff's
    _hypercare_carrier_group = None

    hypercare_reporter_told = fields.Char(
        string="Reporter Told Of",
        readonly=True,
        copy=False,
        help="The steps the reporter was told of, comma-separated: each is told once.",
    )

    def _hypercare_reporter_bodies(self, step):
        """{ticket id: HTML} of the message telling each reporter ``step``."""
        bodies = {}
        for ticket in self.sudo():
            if step == "acknowledged":
                body = escape(
                    self.env._(
                        "%(user)s has seen your issue and is working on it. You "
                        "will hear here when there is a workaround or a fix."
                    )
                ) % {"user": self.env.user.name}
            elif step == "workaround":
                body = escape(
                    self.env._("While it is being fixed, you can work around it:")
                ) + Markup("<br/>%s") % Markup("<br/>").join(
                    escape(line) for line in (ticket.workaround or "").splitlines()
                )
            elif step == "l3":
                body = escape(
                    self.env._(
                        "Your issue needs the implementation partner: it was passed "
                        "to them. You will be told here when it is resolved."
                    )
                )
            else:
                body = escape(
                    self.env._(
                        "Your issue needs the software vendor: it was passed to "
                        "them. You will be told here when it is resolved."
                    )
                )
            bodies[ticket.id] = body
        return bodies

    def _hypercare_tell_reporter(self, step):
        """Tell each reporter of these tickets ``step`` (see REPORTER_STEPS),
        once per ticket and step, in one batch; returns the tickets told."""
        todo = self.sudo().filtered(
            lambda t: (
                t.hypercare_charter_id
                and t.hypercare_reporter_id
                and t.hypercare_reporter_id != self.env.user
                and step not in (t.hypercare_reporter_told or "").split(",")
            )
        )
        if not todo:
            return todo
        todo._hypercare_tell_reporters(todo._hypercare_reporter_bodies(step))
        for ticket in todo.with_context(**QUIET):
            told = [s for s in (ticket.hypercare_reporter_told or "").split(",") if s]
            ticket.hypercare_reporter_told = ",".join([*told, step])
        return todo

    def _hypercare_reporter_after_write(self, vals):
        """A workaround set, an escalation to L3 / L4: the reporter is told."""
        if "workaround" in vals:
            self.sudo().filtered(
                lambda t: (t.workaround or "").strip() and t.hypercare_is_open
            )._hypercare_tell_reporter("workaround")
        if vals.get("support_layer") in ("l3", "l4"):
            self._hypercare_tell_reporter(vals["support_layer"])

    def _hypercare_reporter_message_domain(self):
        """The messages of this ticket its reporter sees when they are not of
        its staff, or None (all of them): what is addressed to them, what they
        wrote and the conversation (the Discussions subtype), not the staff's
        notes, the tracking nor "Task Created"."""
        self.ensure_one()
        ticket = self.sudo()
        if not ticket.hypercare_charter_id:
            return None
        if ticket.hypercare_reporter_id != self.env.user or self._hypercare_staffed():
            return None
        partner = self.env.user.partner_id
        return (
            (
                Domain("subtype_id", "=", self.env.ref("mail.mt_comment").id)
                & Domain("is_internal", "=", False)
            )
            | Domain("partner_ids", "in", partner.ids)
            | Domain("author_id", "=", partner.id)
        )

    @api.model
    def _hypercare_reporter_only(self):
        """The current user reads tickets as a reporter, never as staff."""
        if self.env.su or not (
            self._hypercare_carrier_group and self._hypercare_my_issue_view_xmlid
        ):
            return False
        user = self.env.user
        if user.share:  # portal users (project sharing) have views of their own
            return False
        if any(
            user.has_group(group)
            for group in (
                self._hypercare_carrier_group,
                "hypercare_support.group_hypercare_champion",
                "hypercare_support.group_hypercare_manager",
            )
        ):
            return False
        # the staff of a charter (a partner contact with no group, say)
        return not (
            self.env["hypercare.charter"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("staff_user_ids", "in", user.id)], limit=1)
        )

    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        """A reporter following a link to their ticket (a notification, an
        address) gets their form, without the staff's technical fields."""
        if view_type == "form" and not view_id and self._hypercare_reporter_only():
            view_id = self.env.ref(self._hypercare_my_issue_view_xmlid).id
        return super().get_view(view_id, view_type, **options)
