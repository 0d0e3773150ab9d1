from odoo import api, fields, models
from odoo.exceptions import UserError


class HypercareTriageSession(models.Model):
    """One pass of a champion over the triage board: when, how long, how many
    tickets were reviewed. The sessions show the triage cadence."""

    _name = "hypercare.triage.session"
    _description = "Hypercare Triage Session"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"
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

    @api.model
    def action_start(self, charter_id=None):
        """Start a triage session on the user's active charter (or the given
        one) and open the board; a running session is reused."""
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
        if not self._get_current(charter=charter):
            self.create({"charter_id": charter.id})
        return self._action_board(charter)

    @api.model
    def action_stop(self):
        """End the user's running sessions."""
        self._check_champion()
        running = self.search(
            [("user_id", "=", self.env.user.id), ("date_end", "=", False)]
        )
        running.write({"date_end": fields.Datetime.now()})
        return self._action_board(running.charter_id[:1])

    def action_end(self):
        self.filtered(lambda s: not s.date_end).write(
            {"date_end": fields.Datetime.now()}
        )
        return True

    @api.model
    def _record_review(self, tickets):
        """Count tickets a champion acted on in their running session, starting
        one when none runs (triage recorded automatically)."""
        user = self.env.user
        if not user.has_group("hypercare_support.group_hypercare_champion"):
            return
        for charter in tickets.hypercare_charter_id:
            session = self._get_current(charter=charter)
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
