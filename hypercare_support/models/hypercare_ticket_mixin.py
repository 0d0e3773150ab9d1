import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape
from psycopg2 import errors as pg_errors
from pytz import utc

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .hypercare_champion import SUPPORT_LAYERS

_logger = logging.getLogger(__name__)

ISSUE_TYPES = [
    ("defect", "Defect"),
    ("how_to", "How-to question"),
    ("training", "Training gap"),
    ("enhancement", "Enhancement"),
    ("data", "Data issue"),
]
TRIAGE_DECISIONS = [
    ("fix", "Fix"),
    ("workaround", "Workaround"),
    ("training", "Training"),
]
IMPACTS = [
    ("blocked", "I cannot work"),
    ("workaround", "I can work around it"),
    ("question", "A question"),
]
SLA_STATUSES = [
    ("ongoing", "Ongoing"),
    ("at_risk", "At risk"),
    ("met", "Met"),
    ("failed", "Failed"),
]
HYPERCARE_STATES = [
    ("open", "Open"),
    ("paused", "Paused"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("open", "paused")
# Rank of the statuses an open clock moves through; the scan notifies upward moves.
STATUS_RANK = {"ongoing": 0, "at_risk": 1, "failed": 2}
ESCALATED_LEVELS = ("critical", "high")
NEXT_LAYER = {"l1": "l2", "l2": "l3", "l3": "l4"}
SCAN_BATCH = 500  # tickets locked and processed per transaction
CLOCKS = ("response", "resolution")
# longer descriptions are refused: the HTML sanitizer silently empties a text
# node over 10 000 000 bytes, and a form cannot show them anyway
DESCRIPTION_MAX = 2_000_000


class HypercareTicketMixin(models.AbstractModel):
    """Hypercare ticket behaviour: severity, SLA clocks, statuses, triage.

    Carriers (``project.task``, OCA's ``helpdesk.ticket``) inherit it first in
    ``_inherit`` and fill the hooks below (computes of the charter and of the
    state, owner, carrier values, reopen, after-triage) and the ``_hypercare_*``
    class attributes. Everything else is written here once.
    """

    _name = "hypercare.ticket.mixin"
    _description = "Hypercare Ticket Mixin"

    # carrier fields whose change can open, pause, close or cancel the ticket
    _hypercare_state_trigger_fields = ()
    # xml id of the carrier's window action listing hypercare tickets
    _hypercare_action_xmlid = None
    # xml id of the carrier's read-only form showing reporters their issue
    _hypercare_my_issue_view_xmlid = None
    # hypercare.triage.session many2many listing the reviewed tickets of the carrier
    _hypercare_session_field = None
    # set by champions and the SLA engine only: a reporter (or any non-champion
    # with write access to the carrier) cannot change them, whatever the view
    _hypercare_protected_fields = (
        "support_layer",
        "triage_decision",
        "hypercare_reporter_id",
        "date_reported",
        "date_acknowledged",
        "date_triaged",
        "date_resolved",
        "sla_pause_start",
        "sla_paused_hours",
        "response_warning_date",
        "response_deadline",
        "resolution_warning_date",
        "resolution_deadline",
        "sla_response_status",
        "sla_resolution_status",
        "sla_status",
        "sla_breached",
        "sla_next_deadline",
        "sla_response_notified",
        "sla_resolution_notified",
        "sla_next_check",
    )

    hypercare_charter_id = fields.Many2one(
        "hypercare.charter",
        compute="_compute_hypercare_charter_id",
        store=True,
        index="btree_not_null",
    )
    hypercare_state = fields.Selection(
        HYPERCARE_STATES,
        compute="_compute_hypercare_state",
        store=True,
    )
    hypercare_is_open = fields.Boolean(
        compute="_compute_hypercare_is_open", store=True, string="Open Hypercare Ticket"
    )
    severity_id = fields.Many2one(
        "hypercare.severity",
        compute="_compute_severity_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('charter_id', '=', hypercare_charter_id)]",
        ondelete="restrict",
        copy=False,
    )
    severity_level = fields.Selection(
        related="severity_id.level", store=True, string="Severity Level"
    )
    issue_type = fields.Selection(ISSUE_TYPES, default="defect", tracking=True)
    support_layer = fields.Selection(SUPPORT_LAYERS, default="l1", tracking=True)
    triage_decision = fields.Selection(TRIAGE_DECISIONS, tracking=True)
    hypercare_impact = fields.Selection(IMPACTS, string="Impact")
    hypercare_reporter_id = fields.Many2one(
        "res.users",
        string="Reporter",
        default=lambda self: self.env.user,
        index="btree_not_null",
    )
    source_model = fields.Char(string="Raised From (Model)")
    source_res_id = fields.Integer(string="Raised From (Record ID)")
    source_name = fields.Char(string="Raised From")
    hypercare_new_since_triage = fields.Boolean(
        string="New Since My Last Triage",
        compute="_compute_hypercare_new_since_triage",
        search="_search_hypercare_new_since_triage",
    )
    hypercare_can_reopen = fields.Boolean(
        string="Can Reopen", compute="_compute_hypercare_can_reopen"
    )
    date_reported = fields.Datetime(
        string="Reported On",
        default=fields.Datetime.now,
        copy=False,
        help="Start of the SLA clocks. A champion may set it earlier for an "
        "issue that was phoned in.",
    )
    date_acknowledged = fields.Datetime(string="First Response", copy=False)
    date_triaged = fields.Datetime(string="Triaged On", copy=False)
    date_resolved = fields.Datetime(string="Resolved On", copy=False)
    sla_pause_start = fields.Datetime(string="SLA Paused Since", copy=False)
    sla_paused_hours = fields.Float(
        string="SLA Paused Hours",
        copy=False,
        help="Time spent in stages that pause the SLA, added to both deadlines "
        "(in working hours for business-hours severities).",
    )
    response_warning_date = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, copy=False
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, copy=False
    )
    resolution_warning_date = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, copy=False
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, copy=False
    )
    sla_response_status = fields.Selection(
        SLA_STATUSES, compute="_compute_sla_status", store=True, copy=False
    )
    sla_resolution_status = fields.Selection(
        SLA_STATUSES, compute="_compute_sla_status", store=True, copy=False
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        compute="_compute_sla_status",
        store=True,
        copy=False,
        string="SLA",
        help="Worst status of the two clocks.",
    )
    sla_breached = fields.Boolean(
        compute="_compute_sla_status", store=True, copy=False, string="SLA Breached"
    )
    sla_next_deadline = fields.Datetime(
        compute="_compute_sla_status",
        store=True,
        copy=False,
        string="Next SLA Deadline",
        help="Deadline of the next clock still running.",
    )
    # Last status each clock was notified for, so no transition is told twice.
    sla_response_notified = fields.Selection(SLA_STATUSES, copy=False, readonly=True)
    sla_resolution_notified = fields.Selection(SLA_STATUSES, copy=False, readonly=True)
    sla_next_check = fields.Datetime(
        compute="_compute_sla_next_check",
        store=True,
        copy=False,
        index="btree_not_null",
        help="When the scan must look at this ticket next: the next status "
        "change of a running clock, or a transition not yet notified.",
    )

    # Indexes are created on every carrier's table.
    # the scan's "anything due?" query
    _hypercare_next_check_idx = models.Index(
        "(sla_next_check) WHERE sla_next_check IS NOT NULL"
    )
    # the ORM writes "hypercare_is_open IS TRUE": the predicate must say so
    _hypercare_open_idx = models.Index(
        "(hypercare_charter_id, severity_level) WHERE hypercare_is_open IS TRUE"
    )
    # the triage board's order: the first page stops after 80 index entries
    _hypercare_board_order_idx = models.Index(
        "(date_reported DESC, id DESC) WHERE hypercare_charter_id IS NOT NULL"
    )
    # the exit gate's aggregate reads this narrow index, not the task rows
    _hypercare_exit_cover_idx = models.Index(
        "(hypercare_charter_id) INCLUDE (hypercare_state, hypercare_is_open, "
        "severity_level, date_reported, date_acknowledged, date_resolved, "
        "response_deadline, resolution_deadline) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )

    # ------------------------------------------------------------------
    # Carrier hooks
    # ------------------------------------------------------------------

    def _compute_hypercare_charter_id(self):
        raise NotImplementedError

    def _compute_hypercare_state(self):
        raise NotImplementedError

    def _hypercare_owner(self):
        """The user who owns this ticket (gets SLA activities)."""
        self.ensure_one()
        return self.env["res.users"]

    @api.model
    def _hypercare_carries(self, charter):
        """Whether this model carries the tickets of ``charter``."""
        raise NotImplementedError

    @api.model
    def _hypercare_carrier_vals(self, charter):
        """Values that put a new ticket in ``charter``'s carrier (its project,
        its helpdesk team): used to create tickets and as action defaults."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.constrains("severity_id", "hypercare_charter_id")
    def _check_severity_charter(self):
        for ticket in self.sudo():
            severity = ticket.severity_id
            if severity and severity.charter_id != ticket.hypercare_charter_id:
                raise ValidationError(
                    self.env._(
                        "Severity %(severity)s belongs to hypercare %(charter)s: "
                        "issue %(ticket)s can only use the severities of its own "
                        "hypercare.",
                        severity=severity.display_name,
                        charter=severity.charter_id.display_name,
                        ticket=ticket.display_name,
                    )
                )

    @api.depends("hypercare_charter_id", "hypercare_state")
    def _compute_hypercare_is_open(self):
        for ticket in self:
            ticket.hypercare_is_open = bool(
                ticket.hypercare_charter_id and ticket.hypercare_state in OPEN_STATES
            )

    @api.depends("hypercare_charter_id")
    def _compute_severity_id(self):
        for ticket in self:
            charter = ticket.hypercare_charter_id
            if not charter:
                ticket.severity_id = False
            elif ticket.severity_id.charter_id != charter:
                ticket.severity_id = charter._get_default_severity()

    @api.depends(
        "hypercare_charter_id.calendar_id",
        "severity_id.response_hours",
        "severity_id.resolution_hours",
        "severity_id.business_hours_only",
        "severity_id.warning_ratio",
        "date_reported",
        "sla_paused_hours",
    )
    def _compute_sla_deadlines(self):
        fnames = (
            "response_warning_date",
            "response_deadline",
            "resolution_warning_date",
            "resolution_deadline",
        )
        by_calendar = defaultdict(list)
        for ticket in self:
            severity = ticket.severity_id
            start = ticket.date_reported
            if not (severity and start and ticket.hypercare_charter_id):
                for fname in fnames:
                    ticket[fname] = False
                continue
            paused = ticket.sla_paused_hours or 0.0
            ratio = severity.warning_ratio or 1.0
            hours = (
                severity.response_hours * ratio + paused,
                severity.response_hours + paused,
                severity.resolution_hours * ratio + paused,
                severity.resolution_hours + paused,
            )
            calendar = (
                severity.business_hours_only
                and ticket.hypercare_charter_id._get_calendar()
            )
            if calendar:
                by_calendar[calendar].append((ticket, start, hours))
            else:
                for fname, delta in zip(fnames, hours, strict=True):
                    ticket[fname] = start + timedelta(hours=delta)
        for calendar, rows in by_calendar.items():
            requests = [(start, h) for _ticket, start, hours in rows for h in hours]
            planned = iter(calendar._hypercare_add_working_hours(requests))
            for ticket, _start, _hours in rows:
                for fname in fnames:
                    ticket[fname] = next(planned)

    @api.depends(
        "hypercare_state",
        "date_acknowledged",
        "date_resolved",
        "sla_pause_start",
        "response_warning_date",
        "response_deadline",
        "resolution_warning_date",
        "resolution_deadline",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            response = resolution = False
            next_deadline = False
            if ticket.response_deadline and ticket.hypercare_state != "cancelled":
                at = (
                    ticket.sla_pause_start
                    if ticket.hypercare_state == "paused" and ticket.sla_pause_start
                    else now
                )
                response = self._sla_clock_status(
                    ticket.date_acknowledged,
                    ticket.response_warning_date,
                    ticket.response_deadline,
                    at,
                )
                resolution = self._sla_clock_status(
                    ticket.date_resolved,
                    ticket.resolution_warning_date,
                    ticket.resolution_deadline,
                    at,
                )
                running = [
                    deadline
                    for event, deadline in (
                        (ticket.date_acknowledged, ticket.response_deadline),
                        (ticket.date_resolved, ticket.resolution_deadline),
                    )
                    if not event
                ]
                next_deadline = min(running) if running else False
            ticket.sla_response_status = response
            ticket.sla_resolution_status = resolution
            ticket.sla_breached = "failed" in (response, resolution)
            ticket.sla_status = self._sla_worst(response, resolution)
            ticket.sla_next_deadline = next_deadline

    @api.model
    def _sla_clock_status(self, event, warning, deadline, now):
        if event:
            return "met" if event <= deadline else "failed"
        if now > deadline:
            return "failed"
        if now >= warning:
            return "at_risk"
        return "ongoing"

    @api.model
    def _sla_worst(self, *statuses):
        for status in ("failed", "at_risk", "ongoing", "met"):
            if status in statuses:
                return status
        return False

    @api.depends(
        "hypercare_state",
        "sla_response_status",
        "sla_resolution_status",
        "sla_response_notified",
        "sla_resolution_notified",
    )
    def _compute_sla_next_check(self):
        now = fields.Datetime.now()
        for ticket in self:
            candidates = []
            if ticket.hypercare_state == "open" and ticket.response_deadline:
                for clock in CLOCKS:
                    status = ticket[f"sla_{clock}_status"]
                    if status not in STATUS_RANK:
                        continue
                    notified = STATUS_RANK.get(ticket[f"sla_{clock}_notified"], 0)
                    if notified > STATUS_RANK[status]:
                        # deadline moved away: the scan rearms the notification
                        candidates.append(now)
                    elif notified == 0:
                        candidates.append(ticket[f"{clock}_warning_date"])
                    elif notified == 1:
                        # failed strictly after the deadline: look one second later
                        candidates.append(
                            ticket[f"{clock}_deadline"] + timedelta(seconds=1)
                        )
            ticket.sla_next_check = min(candidates) if candidates else False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "severity_id" in vals and not vals["severity_id"]:
                del vals["severity_id"]  # let the charter's default apply
            self._hypercare_check_reported(vals)
        too_long = any(self._hypercare_description_too_long(v) for v in vals_list)
        tickets = super().create(vals_list)
        if too_long:
            tickets._hypercare_refuse_long_description()
        tickets._hypercare_after_state_change(dict.fromkeys(tickets.ids, "open"))
        return tickets

    def write(self, vals):
        self._hypercare_check_protected(vals)
        self._hypercare_check_reported(vals)
        if self._hypercare_description_too_long(vals):
            self._hypercare_refuse_long_description()
        track = set(vals) & set(self._hypercare_state_trigger_fields)
        before = {ticket.id: ticket.hypercare_state for ticket in self} if track else {}
        res = super().write(vals)
        if track:
            self._hypercare_after_state_change(before)
        return res

    @api.model
    def _hypercare_check_reported(self, vals):
        if vals.get("date_reported"):
            reported = fields.Datetime.to_datetime(vals["date_reported"])
            if reported > fields.Datetime.now() + timedelta(minutes=5):
                raise ValidationError(
                    self.env._("An issue cannot be reported in the future.")
                )

    @api.model
    def _hypercare_description_too_long(self, vals):
        description = vals.get("description")
        return isinstance(description, str) and len(description) > DESCRIPTION_MAX

    def _hypercare_refuse_long_description(self):
        if self.filtered("hypercare_charter_id"):
            raise ValidationError(
                self.env._(
                    "The description is too long (more than %(size)s characters): "
                    "attach long logs or exports as files instead.",
                    size=f"{DESCRIPTION_MAX:,}",
                )
            )

    def _hypercare_check_protected(self, vals):
        """Refuse SLA, triage and date fields (and the severity of a triaged
        ticket) to anyone but champions; internal flows run as superuser."""
        if self.env.su or not self.filtered("hypercare_charter_id"):
            return
        if self.env.user.has_group("hypercare_support.group_hypercare_champion"):
            return
        protected = set(vals) & set(self._hypercare_protected_fields)
        if "severity_id" in vals and self.filtered("date_triaged"):
            protected.add("severity_id")
        if protected:
            labels = sorted(self._fields[fname].string for fname in protected)
            raise AccessError(
                self.env._(
                    "Only hypercare champions can change %(fields)s of a "
                    "hypercare issue.",
                    fields=", ".join(labels),
                )
            )

    def _hypercare_after_state_change(self, before):
        """Keep pause time, first response and resolution dates in step with
        the state the carrier moved the tickets to."""
        now = fields.Datetime.now()
        for ticket in self.filtered("hypercare_charter_id"):
            old, new = before.get(ticket.id, "open"), ticket.hypercare_state
            if old == new:
                continue
            vals = {}
            if old == "paused" and ticket.sla_pause_start:
                vals["sla_paused_hours"] = (
                    ticket.sla_paused_hours
                    + ticket._hypercare_elapsed_hours(ticket.sla_pause_start, now)
                )
                vals["sla_pause_start"] = False
            if new == "paused":
                vals["sla_pause_start"] = now
            if new == "done":
                if not ticket.date_resolved:
                    vals["date_resolved"] = now
                if not ticket.date_acknowledged:
                    vals["date_acknowledged"] = now
            elif old == "done":
                vals["date_resolved"] = False
            if vals:
                # sudo: these are the engine's own fields, not the user's edit
                ticket.sudo().write(vals)
        self.filtered(
            lambda t: (
                t.hypercare_charter_id
                and t.hypercare_state == "done"
                and before.get(t.id, "open") != "done"
            )
        )._hypercare_notify_resolved()

    def _hypercare_elapsed_hours(self, start, end):
        """Hours between two datetimes on this ticket's SLA clock."""
        self.ensure_one()
        if end <= start:
            return 0.0
        calendar = (
            self.severity_id.business_hours_only
            and self.hypercare_charter_id._get_calendar()
        )
        if calendar:
            return calendar.get_work_hours_count(
                utc.localize(start), utc.localize(end), compute_leaves=True
            )
        return (end - start).total_seconds() / 3600.0

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _hypercare_check_champion(self):
        if not self.env.user.has_group("hypercare_support.group_hypercare_champion"):
            raise UserError(
                self.env._("Only hypercare champions can triage and escalate issues.")
            )
        if not_hypercare := self.filtered(lambda t: not t.hypercare_charter_id):
            raise UserError(
                self.env._(
                    "%(tickets)s do not belong to a hypercare charter.",
                    tickets=", ".join(not_hypercare.mapped("display_name")),
                )
            )
        # a champion acting on tickets is triaging: count them in their session
        self.env["hypercare.triage.session"].sudo(False)._record_review(self)

    def action_hypercare_acknowledge(self):
        """First response: the champion has seen the issue."""
        self._hypercare_check_champion()
        to_ack = self.filtered(lambda t: not t.date_acknowledged)
        if to_ack:
            to_ack.write({"date_acknowledged": fields.Datetime.now()})
            to_ack._message_log_batch(
                dict.fromkeys(
                    to_ack.ids,
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
        for ticket in self:
            vals = {"date_triaged": now}
            if not ticket.date_acknowledged:
                vals["date_acknowledged"] = now
            ticket.write(vals)
        self._hypercare_after_triage()
        return True

    def _hypercare_after_triage(self):
        """Carrier hook: e.g. move the ticket out of the inbox stage."""

    def action_hypercare_escalate(self, reason=None):
        """Escalate one support layer up, with the reason in the chatter."""
        self._hypercare_check_champion()
        top = self.filtered(lambda t: t.support_layer == "l4")
        if top:
            raise UserError(
                self.env._(
                    "%(tickets)s already sit at L4, the software vendor.",
                    tickets=", ".join(top.mapped("display_name")),
                )
            )
        for ticket in self:
            old = ticket.support_layer or "l1"
            new = NEXT_LAYER[old]
            ticket.write({"support_layer": new})
            body = escape(
                self.env._("Escalated from %(old)s to %(new)s."),
            ) % {"old": old.upper(), "new": new.upper()}
            if reason:
                body += Markup("<br/>") + escape(reason)
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def action_hypercare_assign_me(self):
        self._hypercare_check_champion()
        for ticket in self:
            ticket._hypercare_set_owner(self.env.user)
        return True

    def _hypercare_set_owner(self, user):
        raise NotImplementedError

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            len(self) == 1
            and self.hypercare_charter_id
            and not self.date_acknowledged
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user != self.hypercare_reporter_id
            and self.env.user.has_group("hypercare_support.group_hypercare_champion")
        ):
            self.sudo().date_acknowledged = fields.Datetime.now()
        return message

    @api.model
    def _hypercare_charter_from_values(self, values):
        """Carrier hook: the charter a ticket created with ``values`` belongs
        to (from its project, its helpdesk team), for the mail gateway."""
        return self.env["hypercare.charter"]

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
        if reporter:
            ticket.message_subscribe(reporter.partner_id.ids)
        self.env["hypercare.function.mapping"]._route_tickets(ticket)
        return ticket

    # ------------------------------------------------------------------
    # The scan
    # ------------------------------------------------------------------

    @api.model
    def _sla_scan(self, batch_size=SCAN_BATCH):
        """Flag tickets whose clocks moved to at risk or failed and notify each
        transition once. Cost follows the tickets due (``sla_next_check`` is
        indexed), not the open ones. In a cron run each batch is committed;
        rows locked by a concurrent scan or an edit are skipped and picked up
        by the next run. Returns the number of tickets processed."""
        now = fields.Datetime.now()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        seen = set()
        done = 0
        while True:
            self.env.flush_all()
            try:
                # a savepoint, not a rollback: outside a cron run the scan
                # shares its caller's transaction, whose work must survive
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        f"""SELECT id FROM "{self._table}"
                             WHERE sla_next_check <= %s
                               AND NOT (id = ANY(%s))
                          ORDER BY sla_next_check
                             LIMIT %s
                        FOR UPDATE SKIP LOCKED""",  # noqa: S608 (table name of the model)
                        (now, list(seen), batch_size),
                        log_exceptions=False,
                    )
                    ids = [row[0] for row in self.env.cr.fetchall()]
            except pg_errors.SerializationFailure:
                # a concurrent scan committed these rows after our snapshot:
                # they are done; whatever is left is picked up by the next run
                _logger.info("SLA scan on %s: concurrent update, stopping", self._name)
                break
            if not ids:
                break
            seen.update(ids)
            self.browse(ids)._sla_scan_process_safe(now)
            done += len(ids)
            if in_cron:
                if not self.env["ir.cron"]._commit_progress(len(ids)):
                    break
        return done

    def _sla_scan_process_safe(self, now):
        """Process a batch in a savepoint; should it fail, split it in halves
        until the failing tickets are isolated, then skip (and log) those, so
        that one bad ticket neither blocks the others nor half-notifies: it
        stays due and is tried again by the next run."""
        try:
            with self.env.cr.savepoint():
                self._sla_scan_process(now)
            return
        except Exception:  # noqa: BLE001 (isolated below)
            if len(self) == 1:
                _logger.exception(
                    "SLA scan: %s %s skipped, it will be tried again",
                    self._name,
                    self.id,
                )
                return
        half = len(self) // 2
        self[:half]._sla_scan_process_safe(now)
        self[half:]._sla_scan_process_safe(now)

    def _sla_scan_process(self, now):
        """Recompute the statuses of due tickets, notify new transitions."""
        status_fields = [
            self._fields[fname]
            for fname in (
                "sla_response_status",
                "sla_resolution_status",
                "sla_status",
                "sla_breached",
                "sla_next_deadline",
            )
        ]
        self.env.add_to_compute(status_fields[0], self)
        for field in status_fields[1:]:
            self.env.add_to_compute(field, self)
        self._recompute_recordset([f.name for f in status_fields])
        transitions = defaultdict(list)  # ticket -> [(clock, status)]
        notified_vals = defaultdict(lambda: self.browse())
        for ticket in self:
            vals = {}
            for clock in CLOCKS:
                status = ticket[f"sla_{clock}_status"]
                notified = ticket[f"sla_{clock}_notified"]
                if status not in STATUS_RANK or status == notified:
                    continue
                if STATUS_RANK[status] > STATUS_RANK.get(notified, 0):
                    transitions[ticket].append((clock, status))
                vals[f"sla_{clock}_notified"] = status
            if vals:
                notified_vals[tuple(sorted(vals.items()))] |= ticket
        for key, tickets in notified_vals.items():
            # engine bookkeeping: no tracking snapshot (it would turn the
            # escalation below into one tracking message per ticket)
            tickets.with_context(mail_notrack=True).write(dict(key))
        if transitions:
            self._sla_notify(transitions)
        # whatever needs no notification still has to move its next check on
        self.env.add_to_compute(self._fields["sla_next_check"], self)
        self.flush_recordset()

    def _sla_notify(self, transitions):
        """One note and one activity per transition, escalation of breached
        P1/P2 tickets, and one digest per charter for its incident lead."""
        labels = dict(self._fields["sla_status"]._description_selection(self.env))
        clock_labels = {
            "response": self.env._("response"),
            "resolution": self.env._("resolution"),
        }
        bodies = {}
        activities = defaultdict(list)  # per charter, see below
        breaches = defaultdict(list)
        escalate = defaultdict(lambda: self.browse())
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id(self._name)
        for ticket, moves in transitions.items():
            lines = []
            for clock, status in moves:
                deadline = ticket[f"{clock}_deadline"]
                lines.append(
                    escape(
                        self.env._(
                            "SLA %(clock)s is now %(status)s "
                            "(deadline %(deadline)s UTC)."
                        )
                    )
                    % {
                        "clock": clock_labels[clock],
                        "status": labels[status],
                        "deadline": fields.Datetime.to_string(deadline),
                    }
                )
            failed = any(status == "failed" for _clock, status in moves)
            if (
                failed
                and ticket.severity_level in ESCALATED_LEVELS
                and ticket.support_layer in NEXT_LAYER
            ):
                new_layer = NEXT_LAYER[ticket.support_layer]
                escalate[new_layer] |= ticket
                lines.append(
                    escape(self.env._("Escalated automatically to %(layer)s."))
                    % {"layer": new_layer.upper()}
                )
            if failed:
                breaches[ticket.hypercare_charter_id].append(ticket)
            bodies[ticket.id] = Markup("<br/>").join(lines)
            charter = ticket.hypercare_charter_id
            owner = ticket._hypercare_owner() or charter.incident_lead_id
            if owner and todo:
                # the chatter note carries the details: no HTML note to sanitise
                activities[charter].append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": todo.id,
                        "user_id": owner.id,
                        "summary": self.env._("SLA breached")
                        if failed
                        else self.env._("SLA at risk"),
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        # the note says it already: no tracking message per escalation
        for layer, tickets in escalate.items():
            tickets.with_context(mail_notrack=True).write({"support_layer": layer})
        tickets = self.browse([t.id for t in transitions])
        tickets._message_log_batch(bodies=bodies)
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
        )
        # One create per charter: Odoo's project.task.message_subscribe fails
        # when an activity user follows several projects of one batch.
        for charter_activities in activities.values():
            Activity.create(charter_activities)
        # the digest e-mail goes through the mail queue, not inside the scan
        for charter, breached in breaches.items():
            charter.with_context(mail_notify_force_send=False)._hypercare_breach_digest(
                breached
            )

    # ------------------------------------------------------------------
    # Reporter and triage board
    # ------------------------------------------------------------------

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

    def action_hypercare_reopen(self):
        """The reporter reopens a resolved issue within the charter's window."""
        now = fields.Datetime.now()
        for ticket in self:
            blocker = ticket._hypercare_reopen_blocker(now)
            if blocker:
                raise UserError(blocker)
        for ticket in self:
            ticket.sudo()._hypercare_reopen()
            ticket.sudo().message_post(
                body=escape(self.env._("Reopened by %(user)s."))
                % {"user": self.env.user.name},
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _hypercare_reopen(self):
        """Carrier hook: move resolved tickets back to work."""
        raise NotImplementedError

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

    def action_hypercare_set_severity(self, level=None):
        """Set the charter's severity of ``level`` (quick action of the board)."""
        self._hypercare_check_champion()
        level = level or self.env.context.get("hypercare_level")
        for ticket in self:
            severity = ticket.hypercare_charter_id.severity_ids.filtered(
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
