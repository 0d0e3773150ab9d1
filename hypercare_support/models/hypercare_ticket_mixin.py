from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hypercare_champion import SUPPORT_LAYERS

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
# the reporter's words for the impact; the report dialog maps each to a
# severity level (IMPACT_LEVELS), the champions confirm it at triage
IMPACTS = [
    ("stopped", "A whole team or a business process is stopped"),
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
# the triage board's order: most severe first, then breached, then the
# nearest deadline (the mixin's _hypercare_board_order_idx)
BOARD_ORDER = "hypercare_severity_rank, sla_breached desc, sla_next_deadline, id desc"
# sort key of the severity levels (no severity: last)
SEVERITY_RANK = {"critical": 1, "high": 2, "medium": 3, "low": 4}
NO_SEVERITY_RANK = 9
# longer descriptions are refused: the HTML sanitizer silently empties a text
# node over 10 000 000 bytes, and a form cannot show them anyway
DESCRIPTION_MAX = 2_000_000


class HypercareTicketMixin(models.AbstractModel):
    """Hypercare ticket behaviour: severity, SLA clocks, statuses, triage.

    Carriers (``project.task``, OCA's ``helpdesk.ticket``) inherit it first in
    ``_inherit`` and fill the carrier hooks (``hypercare_ticket_carrier``) and
    the ``_hypercare_*`` class attributes. Everything else is written once, by
    concern: fields and CRUD here; protection in ``hypercare_ticket_protection``;
    deadlines and statuses in ``hypercare_ticket_sla``; the scan in
    ``hypercare_ticket_scan``; triage actions and mail hooks in
    ``hypercare_ticket_triage``.
    """

    _name = "hypercare.ticket.mixin"
    _description = "Hypercare Ticket Mixin"

    # carrier fields whose change can open, pause, close or cancel the ticket
    _hypercare_state_trigger_fields = ()
    # xml id of the carrier's window action listing hypercare tickets
    _hypercare_action_xmlid = None
    # xml id of the carrier's read-only form showing reporters their issue
    _hypercare_my_issue_view_xmlid = None
    # xml id of the carrier's window action listing the reporter's issues
    _hypercare_my_issue_action_xmlid = None
    # the carrier's owner field (many2one or many2many of res.users)
    _hypercare_owner_field = None
    # the search filters of the carrier's ticket action: open tickets
    _hypercare_open_filter = None
    # hypercare.triage.session many2many listing the reviewed tickets of the carrier
    _hypercare_session_field = None
    # triage fields: the charter's champions (and hypercare managers) set
    # them, nobody else; date_reported only earlier, never in the future
    _hypercare_champion_fields = (
        "support_layer",
        "business_function",
        "triage_decision",
        "hypercare_reporter_id",
        "date_reported",
    )
    # SLA bookkeeping: the engine's own (run as superuser), set by nobody
    # through create or write, champions included
    _hypercare_engine_fields = (
        "date_acknowledged",
        "date_triaged",
        "date_resolved",
        "sla_pause_start",
        "sla_paused_hours",
        "sla_paused_business_hours",
        "sla_response_paused_hours",
        "sla_response_paused_business_hours",
        "sla_stale_since",
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
    _hypercare_protected_fields = _hypercare_champion_fields + _hypercare_engine_fields

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
    hypercare_severity_rank = fields.Integer(
        string="Severity Rank",
        compute="_compute_hypercare_severity_rank",
        store=True,
        help="Sort key of the severity level: 1 for critical, 4 for low.",
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
    business_function = fields.Char(
        tracking=True,
        help="Finance, Sales, ...: routed from the screen the issue was raised "
        "from, else the reporter's function on the champion roster.",
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
    # no field default: set at creation when left empty, so that the form of
    # a new ticket sends none unless a champion typed one (earlier only)
    date_reported = fields.Datetime(
        string="Reported On",
        copy=False,
        tracking=True,
        help="Start of the SLA clocks: when the issue was created, unless a "
        "champion set it earlier for an issue that was phoned in.",
    )
    date_acknowledged = fields.Datetime(string="First Response", copy=False)
    date_triaged = fields.Datetime(string="Triaged On", copy=False)
    date_resolved = fields.Datetime(string="Resolved On", copy=False)
    sla_pause_start = fields.Datetime(string="SLA Paused Since", copy=False)
    sla_paused_hours = fields.Float(
        string="SLA Paused Hours",
        copy=False,
        help="Wall-clock time spent in stages that pause the SLA, added to the "
        "resolution deadline of a wall-clock severity.",
    )
    sla_paused_business_hours = fields.Float(
        string="SLA Paused Working Hours",
        copy=False,
        help="The same paused time in working hours of the charter's calendar, "
        "added to the resolution deadline of a business-hours severity.",
    )
    sla_response_paused_hours = fields.Float(
        string="SLA Paused Hours (Response)",
        copy=False,
        help="The wall-clock part of the paused time before the first response, "
        "added to the response deadline of a wall-clock severity: a pause after "
        "it does not move that deadline.",
    )
    sla_response_paused_business_hours = fields.Float(
        string="SLA Paused Working Hours (Response)",
        copy=False,
        help="The same part in working hours of the charter's calendar, added "
        "to the response deadline of a business-hours severity.",
    )
    sla_stale_since = fields.Datetime(
        string="SLA Recompute Pending Since",
        copy=False,
        help="Set when an edit of the severity matrix, the calendar or a stage "
        "left this open ticket's running clocks to the scan to recompute.",
    )
    response_warning_date = fields.Datetime(
        compute="_compute_sla_response_deadlines",
        store=True,
        copy=False,
        string="Response At Risk From",
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_response_deadlines", store=True, copy=False
    )
    resolution_warning_date = fields.Datetime(
        compute="_compute_sla_resolution_deadlines",
        store=True,
        copy=False,
        string="Resolution At Risk From",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_resolution_deadlines", store=True, copy=False
    )
    sla_response_status = fields.Selection(
        SLA_STATUSES,
        compute="_compute_sla_status",
        store=True,
        copy=False,
        string="Response SLA",
    )
    sla_resolution_status = fields.Selection(
        SLA_STATUSES,
        compute="_compute_sla_status",
        store=True,
        copy=False,
        string="Resolution SLA",
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
    sla_response_notified = fields.Selection(
        SLA_STATUSES, copy=False, readonly=True, string="Response SLA Notified"
    )
    sla_resolution_notified = fields.Selection(
        SLA_STATUSES, copy=False, readonly=True, string="Resolution SLA Notified"
    )
    sla_next_check = fields.Datetime(
        string="Next SLA Check",
        compute="_compute_sla_next_check",
        store=True,
        copy=False,
        index="btree_not_null",
        help="When the scan must look at this ticket next: the next status "
        "change of a running clock, or a transition not yet notified.",
    )

    # Indexes are created on every carrier's table (the scan's "anything
    # due?" query reads the index of sla_next_check, btree_not_null).
    # the ORM writes "hypercare_is_open IS TRUE": the predicate must say so
    _hypercare_open_idx = models.Index(
        "(hypercare_charter_id, severity_level) WHERE hypercare_is_open IS TRUE"
    )
    # the triage board's order (BOARD_ORDER): the first page stops after 80
    # index entries; the ORM sorts a boolean as COALESCE(field, FALSE)
    _hypercare_board_order_idx = models.Index(
        "(hypercare_severity_rank, (COALESCE(sla_breached, FALSE)) DESC, "
        "sla_next_deadline, id DESC) WHERE hypercare_charter_id IS NOT NULL"
    )
    # the exit gate's and the dashboard's aggregates read this narrow index,
    # not the task rows; the adoption measures range over its report dates
    _hypercare_exit_cover_idx = models.Index(
        "(hypercare_charter_id, date_reported) INCLUDE (hypercare_state, "
        "hypercare_is_open, severity_level, sla_status, issue_type, "
        "support_layer, date_acknowledged, date_resolved, response_deadline, "
        "resolution_deadline, sla_pause_start, "
        "bau_response_deadline, bau_resolution_deadline, "
        "hypercare_known_issue_id, date_first_resolved, hypercare_reopen_count, "
        "hypercare_layer_since) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )

    # ------------------------------------------------------------------
    # Constraints and computes
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

    @api.depends("severity_level")
    def _compute_hypercare_severity_rank(self):
        for ticket in self:
            ticket.hypercare_severity_rank = SEVERITY_RANK.get(
                ticket.severity_level, NO_SEVERITY_RANK
            )

    @api.depends("hypercare_charter_id")
    def _compute_severity_id(self):
        for ticket in self:
            charter = ticket.hypercare_charter_id
            if not charter:
                ticket.severity_id = False
            elif ticket.severity_id.charter_id != charter:
                ticket.severity_id = charter._get_default_severity()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_")
        }
        # checked before anything is created, on the values the caller gave
        checked = []
        for vals in vals_list:
            charter = self._hypercare_charter_from_values({**defaults, **vals})
            checked.append(bool(charter))
            if not charter:
                continue  # not a hypercare ticket: left as the carrier makes it
            self._hypercare_check_new(vals, charter)
            if "severity_id" in vals and not vals["severity_id"]:
                del vals["severity_id"]  # let the charter's default apply
            if not vals.get("date_reported"):
                vals["date_reported"] = now  # the SLA clock starts at creation
        given = [dict(vals) for vals in vals_list]
        tickets = super(
            HypercareTicketMixin, self._hypercare_without_protected_defaults()
        ).create(vals_list)
        hypercare = tickets._hypercare_tickets()
        if not hypercare:
            return tickets  # not a hypercare ticket: nothing to do
        # in a carrier through another way (a subtask of a ticket, say)
        for ticket, vals, done in zip(tickets, given, checked, strict=True):
            if ticket in hypercare and not done:
                ticket._hypercare_check_new(vals, ticket.sudo().hypercare_charter_id)
        hypercare.sudo().filtered(lambda t: not t.date_reported).date_reported = now
        # a new ticket is "open" before its first stage: only those created
        # in another state (paused, done, cancelled) changed
        moved = hypercare.filtered(lambda t: t.hypercare_state != "open")
        moved._hypercare_after_state_change(dict.fromkeys(moved.ids, "open"))
        hypercare._hypercare_bau_catch_up()
        hypercare._hypercare_known_issue_after_create()
        hypercare._hypercare_alert_critical()
        hypercare._hypercare_dashboard_notify()
        return tickets

    def write(self, vals):
        """The one write of a ticket: the checks, then each concern's hook in
        a fixed order (the SLA clocks, the support layers, the critical alert,
        the dashboards)."""
        hypercare = self._hypercare_tickets(vals)
        if not hypercare:
            return super().write(vals)  # not a hypercare ticket: nothing to do
        if not self.env.su:
            hypercare._hypercare_check_write(vals)
        if "date_reported" in vals:
            hypercare._hypercare_check_reported(vals["date_reported"])
        if self._hypercare_description_too_long(vals):
            hypercare._hypercare_refuse_long_description()
        track = set(vals) & set(self._hypercare_state_trigger_fields)
        before = {t.id: t.hypercare_state for t in hypercare.sudo()} if track else {}
        stopped, spans = self._sla_before_write(vals)
        layers = self._hypercare_layers_before_write(vals)
        left = hypercare._hypercare_board_before_write(vals)
        with self._sla_keep_stopped(stopped):
            res = super().write(vals)
            if track:
                after = self._hypercare_tickets()
                # a task moved into a charter's project: its clock starts now
                after.sudo().filtered(
                    lambda t: not t.date_reported
                ).date_reported = fields.Datetime.now()
                after._hypercare_after_state_change(before)
        self._sla_after_write(spans)
        self._hypercare_layers_after_write(layers)
        hypercare._hypercare_known_issue_after_write(vals)
        hypercare._hypercare_board_after_write(vals, left)
        hypercare._hypercare_reporter_after_write(vals)
        if "severity_id" in vals:
            self._hypercare_alert_critical()
        if self._hypercare_dashboard_fields() & set(vals):
            self._hypercare_dashboard_notify()
        return res

    def _hypercare_tickets(self, vals=None):
        """The records of ``self`` that are hypercare tickets (or become ones
        through ``vals``), decided under sudo: the acting user (a portal user
        on a shared project, say) may not read our fields on other tasks.
        Only that field is fetched: whatever sudo reads lands in the cache the
        acting user shares, where their later reads go unchecked."""
        if vals and self._hypercare_charter_from_values(vals):
            return self
        records = self.sudo()
        records.fetch(["hypercare_charter_id"])
        return self.browse(records.filtered("hypercare_charter_id").ids)
