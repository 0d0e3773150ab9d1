from babel.dates import format_skeleton
from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_time
from odoo.tools.misc import babel_locale_parse, get_lang


class HypercareTriageSession(models.Model):
    """One pass of a champion over the triage board: when, how long, how many
    tickets were reviewed. The sessions show the triage cadence."""

    _name = "hypercare.triage.session"
    _description = "Hypercare Triage Session"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        check_company=True,
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="End")
    ticket_ids = fields.Many2many(
        "project.task",
        "hypercare_triage_session_task_rel",
        "session_id",
        "task_id",
        string="Tickets Reviewed",
        check_company=True,
    )
    ticket_count = fields.Integer(
        compute="_compute_ticket_count", store=True, string="Tickets Reviewed (#)"
    )
    duration = fields.Float(compute="_compute_duration", store=True, help="In hours.")

    _end_after_start = models.Constraint(
        "CHECK (date_end IS NULL OR date_end >= date_start)",
        "A triage session cannot end before it starts.",
    )

    @api.depends_context("tz", "lang")
    @api.depends("user_id.name", "date_start")
    def _compute_display_name(self):
        for session in self:
            session.display_name = self.env._(
                "%(champion)s, %(start)s",
                champion=session.user_id.name or "",
                start=self._hypercare_when(session.date_start),
            )

    @api.model
    def _hypercare_when(self, value):
        """``value`` (naive UTC) as a person says it, in the user's time zone
        (the browser's, else their preference) and language: "10:51 PM"
        today, "Dec 6, 10:51 PM" another day."""
        if not value:
            return ""
        tz = self.env.tz
        local = utc.localize(value).astimezone(tz)
        today = utc.localize(fields.Datetime.now()).astimezone(tz).date()
        hour = format_time(self.env, value, tz=tz.zone, time_format="short")
        if local.date() == today:
            return hour
        day = format_skeleton(
            "MMMd", local, locale=babel_locale_parse(get_lang(self.env).code)
        )
        return self.env._("%(day)s, %(hour)s", day=day, hour=hour)

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for session in self:
            session.ticket_count = len(session.ticket_ids)

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for session in self:
            if session.date_start and session.date_end:
                delta = session.date_end - session.date_start
                session.duration = delta.total_seconds() / 3600.0
            else:
                session.duration = 0.0

    @api.model
    def _get_current(self, user=None, charter=None):
        """The user's running session (of the charter, when given)."""
        domain = [
            ("user_id", "=", (user or self.env.user).id),
            ("date_end", "=", False),
        ]
        if charter:
            domain.append(("charter_id", "=", charter.id))
        return self.search(domain, order="date_start desc, id desc", limit=1)

    @api.model
    def _get_last_end(self, user=None):
        """When the user's last finished session ended, or False."""
        last = self.search(
            [("user_id", "=", (user or self.env.user).id), ("date_end", "!=", False)],
            order="date_end desc, id desc",
            limit=1,
        )
        return last.date_end

    @api.readonly
    @api.model
    def get_triage_state(self):
        """What the board's Start / End triage button shows: whether the user
        may triage and their running session, if any (read-only: a replica
        may serve it)."""
        if not self.env.user.has_group("hypercare_support.group_hypercare_champion"):
            return {"available": False, "running": False}
        session = self._get_current()
        return {
            "available": True,
            "running": bool(session),
            "name": session.display_name or "",
        }

    @api.model
    def action_start(self, charter_id=None):
        """Start a triage session on the user's active charter (or the given
        one); a running session is reused. Says so, then opens the board."""
        self._check_champion()
        charter = (
            self.env["hypercare.charter"].browse(charter_id)
            if charter_id
            else self.env["hypercare.charter"]._get_active_charter()
        )
        if not charter:
            raise UserError(
                self.env._("There is no active hypercare charter to triage for.")
            )
        session = self._get_current(charter=charter)
        if session:
            title = self.env._("Triage already running")
        else:
            session = self.create({"charter_id": charter.id})
            title = self.env._("Triage started")
        message = self.env._(
            "You are triaging %(charter)s since %(start)s. The tickets you act "
            "on are counted in this session; end it when you are done.",
            start=self._hypercare_when(session.date_start),
            charter=charter.display_name,
        )
        return self._notify(title, message, "info", self._action_board(charter))

    @api.model
    def action_stop(self):
        """End the user's running sessions and say what they covered."""
        self._check_champion()
        running = self.search(
            [("user_id", "=", self.env.user.id), ("date_end", "=", False)]
        )
        board = self._action_board(running.charter_id[:1])
        if not running:
            return self._notify(
                self.env._("No triage running"),
                self.env._("You have no triage session running: nothing to end."),
                "warning",
                board,
            )
        return running.action_end(next_action=board)

    def action_end(self, next_action=None):
        """End these sessions; the notification sums them up."""
        running = self.filtered(lambda s: not s.date_end)
        running.write({"date_end": fields.Datetime.now()})
        summary = self.env._(" ").join(
            self.env._(
                "%(session)s: %(duration)s, %(count)s ticket(s) reviewed.",
                session=session.display_name,
                duration=session._duration_label(),
                count=session.ticket_count,
            )
            for session in running
        )
        return self._notify(
            self.env._("Triage ended"),
            summary or self.env._("These sessions had already ended."),
            "success" if running else "warning",
            next_action or {"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _duration_label(self):
        self.ensure_one()
        minutes = round(self.duration * 60)
        if minutes < 60:
            return self.env._("%(minutes)s min", minutes=minutes)
        return self.env._(
            "%(hours)s h %(minutes)02d", hours=minutes // 60, minutes=minutes % 60
        )

    @api.model
    def _notify(self, title, message, kind, next_action):
        """A notification, then ``next_action``."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "sticky": False,
                "next": next_action,
            },
        }

    @api.model
    def _record_review(self, tickets, start=True):
        """Count tickets a champion acted on in their running session; with
        ``start``, start one when none runs (triage recorded automatically).
        Escalating or taking a ticket from its form is no triage: it is
        counted in a running session and starts none."""
        user = self.env.user
        if not user.has_group("hypercare_support.group_hypercare_champion"):
            return
        for charter in tickets.hypercare_charter_id:
            session = self._get_current(charter=charter)
            if not session and not start:
                continue
            if not session:
                session = self.create({"charter_id": charter.id})
            session[tickets._hypercare_session_field] = [
                fields.Command.link(ticket.id)
                for ticket in tickets.filtered(
                    lambda t, c=charter: t.hypercare_charter_id == c
                )
            ]

    @api.model
    def _check_champion(self):
        if not self.env.user.has_group("hypercare_support.group_hypercare_champion"):
            raise UserError(self.env._("Only hypercare champions triage issues."))

    @api.model
    def _action_board(self, charter=None):
        """The triage board of the charter's carrier (default: active charter)."""
        charter = charter or self.env["hypercare.charter"]._get_active_charter()
        Ticket = (
            charter._hypercare_carrier_model() if charter else self.env["project.task"]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            Ticket._hypercare_action_xmlid
        )
        action["target"] = "main"
        return action
