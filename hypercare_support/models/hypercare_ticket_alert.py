import re

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.tools import SQL, html2plaintext

CRITICAL = "critical"
# the bus notification of the alert's toast (static/src/alert), which opens
# the ticket: Odoo's simple_notification takes no link
ALERT_NOTIFICATION = "hypercare_support/critical_alert"


class HypercareTicketMixin(models.AbstractModel):
    """A critical ticket is announced at once, when it is raised or regraded to
    critical: the incident lead and the on-call champions of its function get
    an in-app notification, an activity and an e-mail. And what the war room
    shows of each critical ticket."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    hypercare_critical_alerted = fields.Boolean(
        string="Critical Alert Sent",
        readonly=True,
        copy=False,
        help="Set when the ticket became critical and its alert went out; "
        "cleared when it is regraded below critical, so that becoming critical "
        "again alerts again.",
    )
    hypercare_open_hours = fields.Float(
        string="Open For (h)",
        compute="_compute_hypercare_war_room",
        help="Hours since the ticket was reported.",
    )
    hypercare_last_message = fields.Char(
        string="Latest Update",
        compute="_compute_hypercare_war_room",
        help="The latest line of the ticket's chatter.",
    )

    @api.depends_context("uid")
    def _compute_hypercare_war_room(self):
        now = fields.Datetime.now()
        latest = {}
        # internal notes only for the charter's staff: a reporter reading
        # their own ticket gets the latest line they could read in its chatter
        staffed = set(self._hypercare_staffed().ids) if self.ids else set()
        public = [tid for tid in self.ids if tid not in staffed]
        if self.ids:
            Message = self.env["mail.message"]
            Message.flush_model(
                ["model", "res_id", "message_type", "body", "subtype_id", "is_internal"]
            )
            latest = dict(
                self.env.execute_query(
                    SQL(
                        "SELECT DISTINCT ON (m.res_id) m.res_id, m.body "
                        "FROM mail_message m "
                        "LEFT JOIN mail_message_subtype st ON st.id = m.subtype_id "
                        "WHERE m.model = %s AND m.res_id = ANY(%s) "
                        "AND m.message_type IN ('comment', 'notification') "
                        "AND m.body IS NOT NULL AND m.body <> '' "
                        "AND (m.res_id <> ALL(%s) "
                        "     OR (NOT COALESCE(m.is_internal, FALSE) "
                        "         AND NOT COALESCE(st.internal, FALSE))) "
                        "ORDER BY m.res_id, m.id DESC",
                        self._name,
                        self.ids,
                        public,
                    )
                )
            )
        for ticket in self:
            reported = ticket.date_reported
            ticket.hypercare_open_hours = (
                (now - reported).total_seconds() / 3600.0 if reported else 0.0
            )
            text = html2plaintext(latest.get(ticket.id) or "")
            line = re.sub(r"\s+", " ", text).strip()
            ticket.hypercare_last_message = line[:200] or False

    def _hypercare_alert_critical(self):
        """Alert once per ticket becoming critical, clear the mark of those
        that are no longer critical. Tickets of a closed charter are quiet."""
        tickets = self.sudo().filtered("hypercare_charter_id")
        if not tickets:
            return
        quiet = {"mail_notrack": True, "tracking_disable": True}
        cleared = tickets.filtered(
            lambda t: t.hypercare_critical_alerted and t.severity_level != CRITICAL
        )
        if cleared:
            cleared.with_context(**quiet).write({"hypercare_critical_alerted": False})
        new = tickets.filtered(
            lambda t: (
                t.severity_level == CRITICAL
                and not t.hypercare_critical_alerted
                and t.hypercare_is_open
                and t.hypercare_charter_id.state != "closed"
            )
        )
        if not new:
            return
        new.with_context(**quiet).write({"hypercare_critical_alerted": True})
        for ticket in new:
            ticket._hypercare_send_critical_alert()

    def _hypercare_critical_recipients(self):
        """The incident lead and the on-call champions of the ticket's
        function; of a ticket without a function (raised from a screen no
        routing knows, by someone off the roster), every on-call champion:
        someone on duty must hear of it."""
        self.ensure_one()
        charter = self.hypercare_charter_id
        function = (self.business_function or "").strip().casefold()
        champions = charter.champion_ids.filtered(
            lambda c: (
                c.active
                and c.on_call
                and (not function or (c.function or "").strip().casefold() == function)
            )
        )
        return (charter.incident_lead_id | champions.user_id).filtered("active")

    def _hypercare_send_critical_alert(self):
        """In-app notification (inbox and a toast that opens the ticket),
        activity and e-mail."""
        self.ensure_one()
        users = self._hypercare_critical_recipients()
        if not users:
            return
        subject = self.env._("Critical issue: %(name)s", name=self.display_name)
        text = self.env._(
            "Critical issue raised: %(name)s (%(function)s). It needs you now.",
            name=self.display_name,
            function=self.business_function or self.env._("no function"),
        )
        body = escape(text)
        partners = users.partner_id
        # the inbox (or e-mail, as each user chose) notification of the post,
        # then an e-mail to those who read their notifications in Odoo
        self.with_context(mail_notify_force_send=False).message_post(
            body=body,
            subject=subject,
            partner_ids=partners.ids,
            # a note: the named recipients only, not the ticket's followers
            # (its reporter among them)
            subtype_xmlid="mail.mt_note",
            message_type="notification",
        )
        inbox = users.filtered(lambda u: u.notification_type == "inbox").partner_id
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        if todo:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(
                [
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": self.id,
                        "activity_type_id": todo.id,
                        "user_id": user.id,
                        "summary": subject,
                        "date_deadline": fields.Date.context_today(self),
                    }
                    for user in users
                ]
            )
        if inbox:
            self.env["mail.mail"].create(
                {
                    "subject": subject,
                    "body_html": Markup("<p>%s</p>") % body,
                    "recipient_ids": [Command.set(inbox.ids)],
                    "model": self._name,
                    "res_id": self.id,
                    "auto_delete": False,
                }
            )
        for partner in partners:
            partner._bus_send(
                ALERT_NOTIFICATION,
                {
                    "title": subject,
                    "message": text,
                    "res_model": self._name,
                    "res_id": self.id,
                },
            )
