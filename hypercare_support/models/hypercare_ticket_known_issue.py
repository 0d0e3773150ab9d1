from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from .hypercare_ticket_handover import QUIET
from .hypercare_ticket_handover import HypercareTicketMixin as HandoverBase
from .hypercare_ticket_mixin import OPEN_STATES
from .hypercare_ticket_mixin import HypercareTicketMixin as TicketBase

VERIFICATION_STATES = [
    ("pending", "Waiting for the Reporter"),
    ("confirmed", "Confirmed by the Reporter"),
    ("auto", "Confirmed Automatically"),
    ("reopened", "Reopened"),
]


class HypercareTicketMixin(models.AbstractModel):
    """Known issues and verification: a ticket is an occurrence of a known
    issue (linking it is a first response); a resolved ticket waits for its
    reporter's "It works" or reopen, confirmed automatically after the
    charter's ``reopen_days``."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the known issue is triage; the verification and reopen marks the engine's
    _hypercare_champion_fields = (
        *TicketBase._hypercare_champion_fields,
        "hypercare_known_issue_id",
    )
    _hypercare_engine_fields = (
        *HandoverBase._hypercare_engine_fields,
        "hypercare_verification",
        "hypercare_date_verified",
        "date_first_resolved",
        "date_reopened",
        "hypercare_reopen_count",
    )
    _hypercare_protected_fields = _hypercare_champion_fields + _hypercare_engine_fields

    hypercare_known_issue_id = fields.Many2one(
        "hypercare.known.issue",
        string="Known Issue",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        tracking=True,
        domain="[('charter_id', '=', hypercare_charter_id), "
        "('state', 'in', ('investigating', 'workaround', 'scheduled'))]",
        help="The known issue this report is an occurrence of: its reporter "
        "hears from it (workaround, fix).",
    )
    hypercare_known_issue_state = fields.Selection(
        related="hypercare_known_issue_id.state", string="Known Issue Status"
    )
    hypercare_known_issue_workaround = fields.Html(
        related="hypercare_known_issue_id.workaround", string="Known Workaround"
    )
    hypercare_verification = fields.Selection(
        VERIFICATION_STATES,
        string="Verification",
        copy=False,
        readonly=True,
        help="After resolution: waiting for the reporter's It works (or a "
        "reopen), confirmed by them, or automatically after the charter's "
        "reopen window.",
    )
    hypercare_date_verified = fields.Datetime(
        string="Verified On", copy=False, readonly=True
    )
    date_first_resolved = fields.Datetime(
        string="First Resolved On",
        copy=False,
        readonly=True,
        help="The first resolution, kept when the ticket is reopened: the "
        "reopen rate of the exit gate counts by it.",
    )
    date_reopened = fields.Datetime(string="Reopened On", copy=False, readonly=True)
    hypercare_reopen_count = fields.Integer(
        string="Reopened", copy=False, readonly=True
    )
    hypercare_can_confirm = fields.Boolean(compute="_compute_hypercare_can_confirm")
    hypercare_known_issue_suggestion_id = fields.Many2one(
        "hypercare.known.issue",
        string="Looks Like",
        compute="_compute_hypercare_known_issue_suggestion_id",
        help="The open known issue of the charter whose name is most like this "
        "report's title (trigram similarity).",
    )

    # the daily verification job reads the pending resolutions only
    _hypercare_verification_idx = models.Index(
        "(hypercare_charter_id, date_resolved) WHERE hypercare_verification = 'pending'"
    )

    @api.constrains("hypercare_known_issue_id", "hypercare_charter_id")
    def _check_known_issue_charter(self):
        for ticket in self.sudo().filtered("hypercare_known_issue_id"):
            if (
                ticket.hypercare_known_issue_id.charter_id
                != ticket.hypercare_charter_id
            ):
                raise ValidationError(
                    self.env._(
                        "Known issue %(issue)s belongs to another hypercare than "
                        "%(ticket)s.",
                        issue=ticket.hypercare_known_issue_id.display_name,
                        ticket=ticket.display_name,
                    )
                )

    @api.depends_context("uid")
    @api.depends("hypercare_verification", "hypercare_reporter_id", "hypercare_state")
    def _compute_hypercare_can_confirm(self):
        for ticket in self:
            ticket.hypercare_can_confirm = (
                ticket.hypercare_state == "done"
                and ticket.hypercare_verification in ("pending", "auto")
                and ticket.hypercare_reporter_id == self.env.user
            )

    @api.depends("name", "hypercare_charter_id", "hypercare_known_issue_id")
    def _compute_hypercare_known_issue_suggestion_id(self):
        KnownIssue = self.env["hypercare.known.issue"]
        for ticket in self:
            ticket.hypercare_known_issue_suggestion_id = (
                KnownIssue._hypercare_suggest(
                    ticket.name, ticket.hypercare_charter_id._origin, limit=1
                )
                if ticket.hypercare_charter_id
                and ticket.hypercare_is_open
                and not ticket.hypercare_known_issue_id
                else False
            )

    def _init_column(self, column_name):
        """Tickets resolved before the addon kept verification and first
        resolutions: their resolution is their first one, waiting for its
        reporter (the daily job confirms those past the reopen window)."""
        sets = {
            "date_first_resolved": SQL("date_first_resolved = date_resolved"),
            "hypercare_verification": SQL("hypercare_verification = 'pending'"),
        }
        if column_name not in sets:
            return super()._init_column(column_name)
        # a fresh install: the columns read here may not exist yet, and
        # there is nothing to fill
        if not all(
            column_exists(self.env.cr, self._table, name)
            for name in ("hypercare_charter_id", "hypercare_state", "date_resolved")
        ):
            return None
        self.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET %(set)s WHERE hypercare_charter_id IS NOT NULL "
                "AND hypercare_state = 'done' AND date_resolved IS NOT NULL",
                table=SQL.identifier(self._table),
                set=sets[column_name],
            )
        )
        return None

    # ------------------------------------------------------------------
    # Hooks of the mixin's create / write and of the state changes
    # ------------------------------------------------------------------

    def _hypercare_known_issue_after_create(self):
        self._hypercare_known_issue_acknowledge()

    def _hypercare_known_issue_after_write(self, vals):
        if vals.get("hypercare_known_issue_id"):
            self._hypercare_known_issue_acknowledge()

    def _hypercare_known_issue_acknowledge(self):
        """Linking a report to a known issue is its first response."""
        linked = self.sudo().filtered(
            lambda t: t.hypercare_known_issue_id and not t.date_acknowledged
        )
        if linked:
            linked.write({"date_acknowledged": fields.Datetime.now()})

    def _hypercare_after_state_change(self, before, at=None):
        """A resolution waits for its reporter's verification; a reopen is
        counted (the exit gate's reopen rate)."""
        res = super()._hypercare_after_state_change(before, at=at)
        now = at or fields.Datetime.now()
        tickets = self.sudo().filtered("hypercare_charter_id")
        resolved = tickets.filtered(
            lambda t: t.hypercare_state == "done" and before.get(t.id, "open") != "done"
        )
        reopened = tickets.filtered(
            lambda t: (
                before.get(t.id, "open") == "done" and t.hypercare_state in OPEN_STATES
            )
        )
        if resolved:
            quiet = resolved.with_context(**QUIET)
            quiet.write({"hypercare_verification": "pending"})
            quiet.filtered(lambda t: not t.date_first_resolved).write(
                {"date_first_resolved": now}
            )
        for ticket in reopened.with_context(**QUIET):
            ticket.write(
                {
                    "hypercare_verification": "reopened",
                    "date_reopened": now,
                    "hypercare_reopen_count": ticket.hypercare_reopen_count + 1,
                }
            )
        return res

    def _hypercare_notify_resolved(self):
        # a known issue's fix tells its reporters itself, in one batch
        if self.env.context.get("hypercare_known_issue_fix"):
            return None
        return super()._hypercare_notify_resolved()

    def _hypercare_resolve(self):
        """Carrier hook: resolve these open tickets now, the way the carrier
        does (its resolving stage), set-based."""
        raise NotImplementedError

    def _hypercare_tell_reporters(self, bodies):
        """A note on each ticket (``bodies``: {ticket id: HTML}) addressed to
        its reporter alone, without an e-mail to the ticket's followers: in
        their inbox, or by e-mail when they chose so (Odoo's default). One
        batch of messages, e-mails and notifications, not one post per
        ticket."""
        tickets = self.sudo().filtered(lambda t: t.id in bodies)
        if not tickets:
            return self.env["mail.message"]
        author = self.env.user.partner_id
        note = self.env.ref("mail.mt_note")
        # computed once for the batch, as mail's own batch log does
        reply_to = self.env["mail.thread"]._notify_get_reply_to(
            default=author.email_formatted, author_id=author.id
        )[False]
        messages = (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": ticket._name,
                        "res_id": ticket.id,
                        "body": bodies[ticket.id],
                        # the e-mail's subject (the chatter hides it: the name)
                        "subject": ticket.display_name,
                        "message_type": "comment",
                        "subtype_id": note.id,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "partner_ids": ticket.hypercare_reporter_id.partner_id.ids,
                        "reply_to": reply_to,
                        "record_alias_domain_id": False,
                        "record_company_id": False,
                        "email_add_signature": False,
                    }
                    for ticket in tickets
                ]
            )
        )
        # each reporter as they chose: in Odoo (the inbox), or by e-mail
        # (Odoo's default), sent by the mail queue
        readers = {
            message: message.partner_ids.filtered(lambda p, a=author: p != a)
            for message in messages
        }
        by_email = {
            message: partners.filtered(
                lambda p: p.user_ids[:1].notification_type != "inbox"
            )
            for message, partners in readers.items()
        }
        mails = self._hypercare_reporter_mails(
            {message: partners for message, partners in by_email.items() if partners},
            tickets,
        )
        self.env["mail.notification"].sudo().create(
            [
                {
                    "mail_message_id": message.id,
                    "res_partner_id": partner.id,
                    "author_id": author.id,
                    **(
                        {
                            "notification_type": "email",
                            "notification_status": "ready",
                            "mail_mail_id": mails[message.id],
                            "is_read": True,
                        }
                        if partner in by_email[message]
                        else {
                            "notification_type": "inbox",
                            "notification_status": "sent",
                        }
                    ),
                }
                for message, partners in readers.items()
                for partner in partners
            ]
        )
        return messages

    def _hypercare_reporter_mails(self, recipients, tickets):
        """The e-mails of ``_hypercare_tell_reporters``: one per message of
        ``recipients`` ({message: partners}), in one batch; {message id:
        mail id}."""
        if not recipients:
            return {}
        by_id = {ticket.id: ticket for ticket in tickets}
        vals = []
        for message, partners in recipients.items():
            ticket = by_id[message.res_id]
            link = ticket._notify_get_action_link("view")
            vals.append(
                {
                    "mail_message_id": message.id,
                    "body_html": message.body
                    + Markup('<p><a href="%s">%s</a></p>')
                    % (link, self.env._("View your issue")),
                    "recipient_ids": [Command.set(partners.ids)],
                    "is_notification": True,
                    "auto_delete": True,
                }
            )
        mails = self.env["mail.mail"].sudo().create(vals)
        return {mail.mail_message_id.id: mail.id for mail in mails}

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_hypercare_create_known_issue(self):
        """A known issue from this report (the first of a flood), in one
        click: these tickets are linked to it."""
        self._hypercare_check_champion()
        charters = self.hypercare_charter_id
        if len(charters) != 1:
            raise UserError(
                self.env._("A known issue gathers tickets of one hypercare.")
            )
        first = self[:1]
        issue = self.env["hypercare.known.issue"].create(
            {
                "charter_id": charters.id,
                "name": first.name,
                "description": first.description,
                "workaround": first.workaround
                and escape(first.workaround).replace("\n", "<br/>"),
            }
        )
        self.write({"hypercare_known_issue_id": issue.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "hypercare.known.issue",
            "res_id": issue.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_hypercare_link_known_issue(self):
        """Link each report to the known issue it looks like (triage)."""
        self._hypercare_check_champion()
        for ticket in self.filtered(
            lambda t: (
                not t.hypercare_known_issue_id and t.hypercare_known_issue_suggestion_id
            )
        ):
            ticket.hypercare_known_issue_id = ticket.hypercare_known_issue_suggestion_id
        return True

    def action_hypercare_confirm(self):
        """The reporter confirms the fix works ("It works")."""
        for ticket in self:
            if ticket.hypercare_reporter_id != self.env.user:
                raise UserError(
                    self.env._("Only the person who reported the issue can confirm it.")
                )
            if ticket.hypercare_state != "done":
                raise UserError(
                    self.env._(
                        "%(ticket)s is not resolved: there is nothing to confirm yet.",
                        ticket=ticket.display_name,
                    )
                )
        now = fields.Datetime.now()
        self.sudo().with_context(**QUIET).write(
            {"hypercare_verification": "confirmed", "hypercare_date_verified": now}
        )
        self._message_log_batch(
            dict.fromkeys(
                self.ids,
                escape(self.env._("%(user)s confirmed that it works."))
                % {"user": self.env.user.name},
            )
        )
        return True
