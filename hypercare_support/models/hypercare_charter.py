from collections import Counter

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..charter_templates import (
    BAU_SEQUENCE_OFFSET,
    BAU_SEVERITY_TEMPLATES,
    SEVERITY_DEFINITIONS,
    SEVERITY_TEMPLATES,
    STAGE_TEMPLATE,
)

PLATFORMS = [
    ("odoo", "Odoo"),
    ("d365_bc", "Dynamics 365 Business Central"),
    ("d365_fo", "Dynamics 365 Finance & Operations"),
    ("other", "Generic / other ERP"),
]
OPEN_STATES = ("active", "extended")
# context key of the charter's own actions, the only writers of its state
STATE_ACTION = "hypercare_state_action"
# the smart buttons' counters and the ticket lists they open; an open ticket
# is breached when its worst clock failed, at risk when its worst is at risk
_OPEN = [("hypercare_is_open", "=", True)]
TICKET_FILTERS = {
    "ticket_count": [],
    "open_ticket_count": _OPEN,
    "breached_ticket_count": _OPEN + [("sla_status", "=", "failed")],
    "at_risk_ticket_count": _OPEN + [("sla_status", "=", "at_risk")],
}
RECOMMENDED_CHAMPIONS = 2  # per function, at least


class HypercareCharter(models.Model):
    """One go-live's hypercare: the window, the severity matrix, the roles and
    the champion roster, provisioned from its platform's template. Its project
    carries the tickets; the go-live and the contract roles, the exit gate
    and the stand-up are in ``hypercare_charter_contract.py``,
    ``hypercare_charter_exit.py`` and ``hypercare_charter_standup.py``."""

    _name = "hypercare.charter"
    _description = "Hypercare Charter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "go_live_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    project_id = fields.Many2one(
        "project.project",
        index=True,
        ondelete="restrict",
        copy=False,
        check_company=True,
        help="The project whose tasks are the hypercare tickets.",
    )
    platform = fields.Selection(PLATFORMS, required=True, default="odoo", tracking=True)
    go_live_date = fields.Date(
        string="Go-live Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    planned_end_date = fields.Date(
        required=True,
        tracking=True,
        compute="_compute_planned_end_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Go-live plus the platform's usual window unless given: Business "
        "Central 30 days, Finance & Operations 56 days, Odoo and others 42 days.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("extended", "Extended"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        compute="_compute_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        tracking=True,
        help="Working hours, time zone and public holidays used by the "
        "business-hours SLAs and to cut weeks for the exit gate.",
    )
    incident_lead_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        help="Runs triage; receives new breaches, critical alerts and unrouted issues.",
    )
    reporting_lead_id = fields.Many2one("res.users", check_company=True)
    adoption_lead_id = fields.Many2one("res.users", check_company=True)
    vendor_liaison_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        help="Owner of L4 escalations to the software vendor.",
    )
    executive_sponsor_id = fields.Many2one("res.users", check_company=True)
    bau_contact_id = fields.Many2one(
        "res.users",
        string="BAU Contact",
        tracking=True,
        check_company=True,
        help="Named support contact and ticket owner after hypercare.",
    )
    severity_ids = fields.One2many("hypercare.severity", "charter_id", copy=True)
    champion_ids = fields.One2many("hypercare.champion", "charter_id")
    baseline_weekly_volume = fields.Float(
        tracking=True,
        help="Tickets per week before go-live: the level incoming volume must "
        "return to before exit.",
    )
    sla_target = fields.Float(
        string="SLA Target (%)",
        default=90.0,
        tracking=True,
        help="Compliance a week must reach to count as within SLA.",
    )
    function_mapping_ids = fields.One2many(
        "hypercare.function.mapping",
        "charter_id",
        string="Routing",
        copy=True,
        help="Which business function's champions get the issues raised from "
        "which screens.",
    )
    reopen_days = fields.Integer(
        string="Reopen Window (days)",
        default=7,
        help="Days after resolution during which the reporter may reopen an issue.",
    )
    triage_session_ids = fields.One2many(
        "hypercare.triage.session",
        "charter_id",
        string="Triage Sessions",
        groups="hypercare_support.group_hypercare_champion",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_stats")
    open_ticket_count = fields.Integer(compute="_compute_ticket_stats")
    breached_ticket_count = fields.Integer(compute="_compute_ticket_stats")
    at_risk_ticket_count = fields.Integer(compute="_compute_ticket_stats")
    champion_count = fields.Integer(compute="_compute_champion_stats")
    understaffed_functions = fields.Char(
        compute="_compute_champion_stats",
        help="Functions with fewer than two champions.",
    )
    exit_criterion_ids = fields.One2many("hypercare.exit.criterion", "charter_id")

    # archived charters included: an archived charter still owns its tickets
    _project_id_uniq = models.Constraint(
        "UNIQUE (project_id)",
        "This project already carries the tickets of another hypercare charter: "
        "a project carries one charter at most.",
    )

    @api.constrains("name")
    def _check_name(self):
        if self.filtered(lambda c: not (c.name or "").strip()):
            raise ValidationError(self.env._("A hypercare charter needs a name."))

    @api.constrains("go_live_date", "planned_end_date")
    def _check_dates(self):
        for charter in self:
            if charter.planned_end_date <= charter.go_live_date:
                raise ValidationError(
                    self.env._(
                        "Charter %(name)s: the planned end (%(end)s) must come after "
                        "the go-live date (%(go_live)s).",
                        name=charter.name,
                        end=format_date(self.env, charter.planned_end_date),
                        go_live=format_date(self.env, charter.go_live_date),
                    )
                )

    @api.constrains("sla_target")
    def _check_sla_target_range(self):
        for charter in self:
            if not 0 <= charter.sla_target <= 100:
                raise ValidationError(
                    self.env._("The SLA target is a percentage between 0 and 100.")
                )

    @api.constrains("reopen_days")
    def _check_reopen_days(self):
        if self.filtered(lambda c: c.reopen_days < 0):
            raise ValidationError(
                self.env._("The reopen window cannot be a negative number of days.")
            )

    def _compute_ticket_stats(self):
        """Every counter from one grouped query per carrier model."""
        counts = {fname: Counter() for fname in TICKET_FILTERS}
        for model_name in self._hypercare_ticket_models():
            groups = self.env[model_name]._read_group(
                [("hypercare_charter_id", "in", self.ids)],
                ["hypercare_charter_id", "hypercare_is_open", "sla_status"],
                ["__count"],
            )
            for charter, is_open, status, count in groups:
                counts["ticket_count"][charter] += count
                if is_open:
                    counts["open_ticket_count"][charter] += count
                    if status == "failed":
                        counts["breached_ticket_count"][charter] += count
                    elif status == "at_risk":
                        counts["at_risk_ticket_count"][charter] += count
        for charter in self:
            for fname, counter in counts.items():
                # in a form's onchange the charter is a new record: its saved one
                charter[fname] = counter.get(charter._origin, 0)

    @api.depends("champion_ids.function", "champion_ids.active")
    def _compute_champion_stats(self):
        for charter in self:
            champions = charter.champion_ids
            charter.champion_count = len(champions)
            per_function = {}
            for champion in champions:
                key = (champion.function or "").strip()
                if key:
                    per_function[key] = per_function.get(key, 0) + 1
            charter.understaffed_functions = ", ".join(
                sorted(f for f, n in per_function.items() if n < RECOMMENDED_CHAMPIONS)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                self._hypercare_check_state_write(vals)
            self._hypercare_check_carrier_access(vals)
            platform = vals.get("platform") or "odoo"
            if not vals.get("severity_ids"):
                vals["severity_ids"] = self._severity_template_commands(
                    platform
                ) + self._severity_template_commands(platform, phase="bau")
        charters = super().create(vals_list)
        for charter in charters.filtered(lambda c: c._hypercare_needs_project()):
            charter.sudo().project_id = charter._create_hypercare_project()
        charters.project_id._hypercare_secure_visibility()
        criteria = self.env["hypercare.exit.criterion"]
        criteria.create(
            [
                dict(vals, charter_id=charter.id)
                for charter in charters.filtered(lambda c: not c.exit_criterion_ids)
                for vals in criteria._default_vals()
            ]
        )
        charters._hypercare_flush_staff()
        charters._hypercare_watch_provision_new()
        return charters

    def write(self, vals):
        """The one write of a charter: its checks, then each concern's hook."""
        self._hypercare_check_state_write(vals)
        self._hypercare_check_carrier_access(vals)
        calendars = self._hypercare_calendars_before_write(vals)
        res = super().write(vals)
        if "project_id" in vals:
            self.project_id._hypercare_secure_visibility()
        self._hypercare_flush_staff()
        self._hypercare_calendars_after_write(calendars)
        return res

    def action_reset_draft(self):
        self.filtered(lambda c: c.state == "active")._hypercare_set_state(
            {"state": "draft"}
        )
        return True

    def _hypercare_set_state(self, vals):
        """The one way the state changes: from the charter's actions (go-live,
        back to draft, extend, close), each checking what it needs."""
        return self.with_context(**{STATE_ACTION: True}).write(vals)

    def _hypercare_check_state_write(self, vals):
        """The state is evidence (SPEC: only through its actions): a plain
        write of it is refused, whoever writes."""
        if "state" in vals and not self.env.context.get(STATE_ACTION):
            raise UserError(
                self.env._(
                    "The state of a hypercare charter changes only through its "
                    "actions: Go live, Extend and Close."
                )
            )

    def _action_tickets(self, domain, name):
        self.ensure_one()
        Ticket = self._hypercare_carrier_model()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            Ticket._hypercare_action_xmlid
        )
        action["domain"] = [("hypercare_charter_id", "=", self.id)] + domain
        action["context"] = {
            f"default_{fname}": value
            for fname, value in Ticket._hypercare_carrier_vals(self).items()
        }
        action["context"]["search_default_group_stage"] = 0
        action["name"] = name
        return action

    def action_open_tickets(self):
        return self._action_tickets(
            TICKET_FILTERS["ticket_count"], self.env._("Tickets")
        )

    def action_open_open_tickets(self):
        return self._action_tickets(
            TICKET_FILTERS["open_ticket_count"], self.env._("Open tickets")
        )

    def action_open_breached_tickets(self):
        return self._action_tickets(
            TICKET_FILTERS["breached_ticket_count"], self.env._("Breached tickets")
        )

    def action_open_at_risk_tickets(self):
        return self._action_tickets(
            TICKET_FILTERS["at_risk_ticket_count"], self.env._("Tickets at risk")
        )

    def action_open_champions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Champions"),
            "res_model": "hypercare.champion",
            "view_mode": "list,form",
            "domain": [("charter_id", "=", self.id)],
            "context": {"default_charter_id": self.id},
        }

    @api.model
    def _severity_template_commands(self, platform, phase="hypercare"):
        """The platform template's hypercare (or BAU) matrix as create commands."""
        templates = BAU_SEVERITY_TEMPLATES if phase == "bau" else SEVERITY_TEMPLATES
        offset = BAU_SEQUENCE_OFFSET if phase == "bau" else 0
        rows = templates.get(platform) or templates["other"]
        return [
            Command.create(
                {
                    "name": name,
                    "sequence": sequence,
                    "level": level,
                    "definition": SEVERITY_DEFINITIONS[level],
                    "response_hours": response,
                    "resolution_hours": resolution,
                    "business_hours_only": business,
                    "phase": phase,
                }
            )
            for sequence, (level, name, response, resolution, business) in enumerate(
                rows, start=offset + 1
            )
        ]

    def _hypercare_needs_project(self):
        """Whether this new charter gets a project to carry its tickets: not
        when it names its carrier already (a project, a bridge's helpdesk team)."""
        self.ensure_one()
        return not any(self[fname] for fname in self._hypercare_carrier_fields())

    def _hypercare_carrier_model(self):
        """The (empty) model carrying this charter's tickets."""
        self.ensure_one()
        for model_name in self._hypercare_ticket_models():
            if self.env[model_name]._hypercare_carries(self):
                return self.env[model_name]
        return self.env["project.task"]

    def _create_hypercare_project(self):
        self.ensure_one()
        Stage = self.env["project.task.type"].sudo().with_context(lang="en_US")
        stages = Stage.create(
            [
                {
                    "name": Stage.env._(name),
                    "sequence": sequence,
                    "fold": fold,
                    "hypercare_pauses_sla": pauses,
                    "hypercare_resolves": resolves,
                    "user_id": False,
                }
                for name, sequence, fold, pauses, resolves in STAGE_TEMPLATE
            ]
        )
        # a translatable field: the board reads in each user's language
        for stage, (name, *_flags) in zip(stages, STAGE_TEMPLATE, strict=True):
            stage.update_field_translations(
                "name",
                {
                    lang: self.with_context(lang=lang).env._(name)
                    for lang, _label in self.env["res.lang"].get_installed()
                },
            )
        return (
            self.env["project.project"]
            .sudo()
            .create(
                {
                    "name": self.env._("Hypercare: %(name)s", name=self.name),
                    "company_id": self.company_id.id,
                    "privacy_visibility": "followers",
                    "type_ids": [Command.set(stages.ids)],
                    "user_id": (self.incident_lead_id or self.env.user).id,
                    "resource_calendar_id": self.calendar_id.id,
                }
            )
        )

    @api.model
    def _get_active_charter(self, company=None):
        """The user's active charter: the most recent active or extended charter
        of the given (default: current) company."""
        company = company or self.env.company
        return self.search(
            [("state", "in", OPEN_STATES), ("company_id", "=", company.id)],
            order="go_live_date desc, id desc",
            limit=1,
        )

    def _get_calendar(self):
        self.ensure_one()
        return self.calendar_id or self.company_id.resource_calendar_id

    def _get_default_severity(self):
        """Severity of a ticket created without one: medium, else the mildest,
        of the matrix in use (hypercare while the charter runs, BAU after)."""
        self.ensure_one()
        severities = self._hypercare_matrix()
        return severities.filtered(lambda s: s.level == "medium")[:1] or severities[-1:]

    @api.model
    def _hypercare_models_of(self, mixin):
        """The concrete models inheriting a hypercare mixin."""
        return [
            name
            for name in self.env.registry.descendants([mixin], "_inherit")
            if name != mixin and not self.env[name]._abstract
        ]

    @api.model
    def _hypercare_ticket_models(self):
        """Models carrying the hypercare ticket mixin."""
        return self._hypercare_models_of("hypercare.ticket.mixin")

    @api.model
    def _hypercare_carrier_fields(self):
        """The charter's links to the containers of its tickets (its project,
        a bridge's helpdesk team), named by the carrier mixin's models."""
        return [
            self.env[name]._hypercare_charter_field
            for name in self._hypercare_models_of("hypercare.carrier.mixin")
        ]
