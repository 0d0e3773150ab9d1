from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain

from .hypercare_ticket_mixin import TRIAGE_DECISIONS


class HypercareTicketMixin(models.AbstractModel):
    """Triage actions of champions, the reporter's reopen, and the mail hooks
    of hypercare tickets."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    business_function = fields.Char(
        compute="_compute_business_function",
        store=True,
        readonly=False,
        help="Finance, Sales, ...: from the routing of the screen the issue was "
        "raised from, else the reporter's function on the champion roster. "
        "Champions may change it.",
    )
    hypercare_owned_by_me = fields.Boolean(
        string="Mine Alone",
        compute="_compute_hypercare_owned_by_me",
        help="The current user is the ticket's only owner (no Take it button).",
    )
    hypercare_my_function = fields.Boolean(
        string="My Function",
        compute="_compute_hypercare_my_function",
        search="_search_hypercare_my_function",
        help="The issue belongs to a business function I serve as a champion.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("hypercare_charter_id", "source_model", "hypercare_reporter_id")
    def _compute_business_function(self):
        functions = self.env["hypercare.function.mapping"]._ticket_functions(
            self.filtered("hypercare_charter_id")
        )
        for ticket in self:
            ticket.business_function = functions.get(ticket) or False

    @api.depends_context("uid")
    def _compute_hypercare_owned_by_me(self):
        for ticket in self:
            ticket.hypercare_owned_by_me = ticket._hypercare_owners() == self.env.user

    def _hypercare_my_functions(self):
        """{charter id: casefolded functions} the current user serves."""
        functions = defaultdict(set)
        for champion in (
            self.env["hypercare.champion"]
            .sudo()
            .search([("user_id", "=", self.env.uid)])
        ):
            functions[champion.charter_id.id].add(
                (champion.function or "").strip().casefold()
            )
        return functions

    @api.depends_context("uid")
    @api.depends("hypercare_charter_id", "business_function")
    def _compute_hypercare_my_function(self):
        mine = self._hypercare_my_functions()
        for ticket in self:
            ticket.hypercare_my_function = (
                ticket.business_function or ""
            ).strip().casefold() in mine.get(ticket.hypercare_charter_id.id, ())

    def _search_hypercare_my_function(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain.OR(
            Domain("hypercare_charter_id", "=", charter_id)
            & Domain.OR(
                Domain("business_function", "=ilike", function)
                for function in sorted(functions)
            )
            for charter_id, functions in self._hypercare_my_functions().items()
        )
        positive = (operator == "in") == (True in value)
        return domain if positive else ~domain

    def _compute_hypercare_new_since_triage(self):
        last_end = self.env["hypercare.triage.session"]._get_last_end()
        for ticket in self:
            reported = ticket.date_reported
            ticket.hypercare_new_since_triage = bool(
                reported and (not last_end or reported > last_end)
            )

    def _search_hypercare_new_since_triage(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        last_end = self.env["hypercare.triage.session"]._get_last_end()
        domain = Domain("date_reported", ">", last_end) if last_end else Domain.TRUE
        positive = (operator == "in") == (True in value)
        return domain if positive else ~domain

    @api.depends_context("uid")
    @api.depends("hypercare_state", "date_resolved", "hypercare_reporter_id")
    def _compute_hypercare_can_reopen(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.hypercare_can_reopen = ticket._hypercare_reopen_blocker(now) is None

    # ------------------------------------------------------------------
    # Triage actions
    # ------------------------------------------------------------------

    def _hypercare_check_champion(self, triaging=True):
        """Triage and escalation are for the charter's staff (its champions,
        incident lead, partner contact, vendor liaison, BAU contact once
        closed) and the hypercare managers: no group needed beyond that.

        The tickets are counted in the champion's running triage session; a
        triage act (``triaging``: acknowledge, grade, decide, confirm) starts
        one when none runs, other acts (escalate, take) never do."""
        if not_hypercare := self.filtered(lambda t: not t.hypercare_charter_id):
            raise UserError(
                self.env._(
                    "%(tickets)s do not belong to a hypercare charter.",
                    tickets=", ".join(not_hypercare.mapped("display_name")),
                )
            )
        if self - self._hypercare_staffed():
            raise UserError(
                self.env._(
                    "Only the staff of its hypercare (champions, incident lead, "
                    "partner contact, vendor liaison) can triage and escalate "
                    "issues."
                )
            )
        self.env["hypercare.triage.session"].sudo(False)._record_review(
            self, start=triaging
        )

    def action_hypercare_acknowledge(self):
        """First response: the champion has seen the issue."""
        self._hypercare_check_champion()
        to_ack = self.filtered(lambda t: not t.date_acknowledged)
        if to_ack:
            # the first response is SLA bookkeeping: the engine records it
            to_ack.check_access("write")
            to_ack.sudo().write({"date_acknowledged": fields.Datetime.now()})
            # the reporter's message says it; the others get the staff's note
            told = to_ack._hypercare_tell_reporter("acknowledged")
            logged = to_ack - told
            logged._message_log_batch(
                dict.fromkeys(
                    logged.ids,
                    escape(self.env._("Acknowledged by %(user)s."))
                    % {"user": self.env.user.name},
                )
            )
        return True

    def action_hypercare_triage(self):
        """Confirm severity, decision and owner: the ticket leaves the inbox."""
        self._hypercare_check_champion()
        missing = self.filtered(lambda t: not (t.severity_id and t.triage_decision))
        if missing:
            raise UserError(
                self.env._(
                    "Set a severity and a triage decision (fix, workaround or "
                    "training) before confirming the triage of %(tickets)s.",
                    tickets=", ".join(missing.mapped("display_name")),
                )
            )
        now = fields.Datetime.now()
        # triage and first response dates are SLA bookkeeping: the engine's
        self.check_access("write")
        first = self.filtered(lambda t: not t.date_acknowledged)
        for ticket in self:
            vals = {"date_triaged": now}
            if not ticket.date_acknowledged:
                vals["date_acknowledged"] = now
            ticket.sudo().write(vals)
        first._hypercare_tell_reporter("acknowledged")
        self._hypercare_after_triage()
        return True

    def action_hypercare_assign_me(self):
        """Take it: the current user becomes the only owner (the incident lead
        a ticket was routed to hands it over), the previous owners stay
        followers. Starts no triage session."""
        self._hypercare_check_champion(triaging=False)
        user = self.env.user
        for ticket in self:
            previous = ticket._hypercare_owners().partner_id - user.partner_id
            if previous:
                ticket.message_subscribe(partner_ids=previous.ids)
        self.write(self._hypercare_owner_vals(user))
        return True

    def action_hypercare_set_severity(self, level=None):
        """Set the charter's severity of ``level`` (quick action of the board)."""
        self._hypercare_check_champion()
        level = level or self.env.context.get("hypercare_level")
        for ticket in self:
            severity = ticket.hypercare_charter_id._hypercare_matrix().filtered(
                lambda s, lv=level: s.level == lv
            )[:1]
            if not severity:
                raise UserError(
                    self.env._(
                        "The charter of %(ticket)s has no %(level)s severity.",
                        ticket=ticket.display_name,
                        level=level,
                    )
                )
            ticket.severity_id = severity
        return True

    def action_hypercare_set_decision(self, decision=None):
        """Record the triage decision (quick action of the board)."""
        self._hypercare_check_champion()
        decision = decision or self.env.context.get("hypercare_decision")
        if decision not in dict(TRIAGE_DECISIONS):
            raise UserError(
                self.env._("%(decision)s is not a triage decision.", decision=decision)
            )
        self.write({"triage_decision": decision})
        return True

    def action_hypercare_open_source(self):
        """Open the record the issue was raised from."""
        self.ensure_one()
        if not (self.source_model and self.source_res_id):
            raise UserError(self.env._("This issue was not raised from a record."))
        if self.source_model not in self.env:
            raise UserError(
                self.env._("%(model)s is no longer installed.", model=self.source_model)
            )
        record = self.env[self.source_model].browse(self.source_res_id).exists()
        if not record:
            raise UserError(
                self.env._("The record this issue was raised from no longer exists.")
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self.source_model,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Reporter: resolution and reopen
    # ------------------------------------------------------------------

    def _hypercare_reopen_blocker(self, now):
        """Why the current user cannot reopen this ticket, or None."""
        self.ensure_one()
        if not self.hypercare_charter_id or self.hypercare_state != "done":
            return self.env._("Only a resolved hypercare issue can be reopened.")
        if self.env.user != self.hypercare_reporter_id:
            return self.env._("Only the person who reported the issue can reopen it.")
        days = self.hypercare_charter_id.reopen_days
        if not self.date_resolved or now > self.date_resolved + timedelta(days=days):
            return self.env._(
                "This issue was resolved more than %(days)s day(s) ago: report a "
                "new issue instead.",
                days=days,
            )
        return None

    def action_hypercare_reopen(self, reason=None):
        """The reporter reopens a resolved issue within the charter's window,
        saying why: without ``reason``, the dialog asking for it."""
        now = fields.Datetime.now()
        for ticket in self:
            blocker = ticket._hypercare_reopen_blocker(now)
            if blocker:
                raise UserError(blocker)
        if reason is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reopen"),
                "res_model": "hypercare.ticket.reopen",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_res_model": self._name,
                    "default_res_ids": ",".join(str(i) for i in self.ids),
                },
            }
        reason = reason.strip()
        if not reason:
            raise UserError(
                self.env._("Say why it is not solved: the champion reads it.")
            )
        for ticket in self:
            ticket.sudo()._hypercare_reopen()
            # a comment: it reaches the ticket's owners and followers
            ticket.sudo().message_post(
                body=escape(self.env._("Reopened by %(user)s: %(reason)s"))
                % {"user": self.env.user.name, "reason": reason},
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.sudo()._hypercare_owners().partner_id.ids,
            )
        return True

    def _hypercare_notify_resolved(self):
        """Tell each reporter their issue is resolved."""
        for ticket in self.filtered("hypercare_reporter_id"):
            reporter = ticket.hypercare_reporter_id
            days = ticket.hypercare_charter_id.reopen_days
            ticket.sudo().message_post(
                body=escape(
                    self.env._(
                        "Your issue %(name)s is resolved. If it is not, you can "
                        "reopen it within %(days)s day(s) from My issues."
                    )
                )
                % {"name": ticket.display_name, "days": days},
                partner_ids=reporter.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------------
    # Mail hooks
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            len(self) == 1
            # the author (a portal user on a shared project, say) may not read
            # our fields on tasks that are not hypercare tickets
            and self._hypercare_tickets()
            and not self.date_acknowledged
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user != self.hypercare_reporter_id
            and self._hypercare_staffed()
        ):
            self.sudo().date_acknowledged = fields.Datetime.now()
        return message

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a charter carrier's alias: the sender is the reporter,
        the ticket is routed like a reported issue."""
        values = dict(custom_values or {})
        if not self._hypercare_charter_from_values(values):
            return super().message_new(msg_dict, custom_values=custom_values)
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            author = self.env["res.partner"].search(
                [
                    (
                        "email_normalized",
                        "in",
                        tools.email_normalize_all(msg_dict["email_from"]),
                    )
                ],
                limit=1,
            )
        reporter = author.user_ids.filtered(lambda u: not u.share)[:1]
        values.setdefault("hypercare_reporter_id", reporter.id)
        ticket = super().message_new(msg_dict, custom_values=values)
        # the carrier subscribes the mail's To/Cc contacts: hypercare comments
        # are not for them (external and portal contacts among them)
        copied = {
            tools.email_normalize(address)
            for header in ("to", "cc")
            for address in tools.email_split(msg_dict.get(header) or "")
        } - {False}
        if copied:
            extra = (
                ticket.message_partner_ids.filtered(
                    lambda p: p.email_normalized in copied
                )
                - reporter.partner_id
            )
            if extra:
                ticket.message_unsubscribe(extra.ids)
        if reporter:
            ticket.message_subscribe(reporter.partner_id.ids)
        self.env["hypercare.function.mapping"]._route_tickets(ticket)
        return ticket
