from collections import Counter
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..charter_templates import (
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
BLOCKERS_SHOWN = 10  # open critical / breached high tickets listed at the stand-up


class HypercareCharter(models.Model):
    """One go-live's hypercare: the window, the severity matrix, the roles,
    the champion roster and the exit gate. Its project carries the tickets."""

    _name = "hypercare.charter"
    _description = "Hypercare Charter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "go_live_date desc, id desc"

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
        help="The project whose tasks are the hypercare tickets.",
    )
    platform = fields.Selection(PLATFORMS, required=True, default="odoo", tracking=True)
    go_live_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    planned_end_date = fields.Date(required=True, tracking=True)
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
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working hours, time zone and public holidays used by the "
        "business-hours SLAs and to cut weeks for the exit gate.",
    )
    incident_lead_id = fields.Many2one(
        "res.users", tracking=True, help="Receives new breaches and unrouted issues."
    )
    reporting_lead_id = fields.Many2one("res.users")
    adoption_lead_id = fields.Many2one("res.users")
    vendor_liaison_id = fields.Many2one("res.users", help="L4 escalations")
    executive_sponsor_id = fields.Many2one("res.users")
    bau_contact_id = fields.Many2one(
        "res.users",
        string="BAU Contact",
        tracking=True,
        help="Named support contact and ticket owner after hypercare.",
    )
    severity_ids = fields.One2many("hypercare.severity", "charter_id", copy=True)
    champion_ids = fields.One2many("hypercare.champion", "charter_id")
    baseline_weekly_volume = fields.Float(
        help="Tickets per week before go-live: the level incoming volume must "
        "return to before exit."
    )
    sla_target = fields.Float(
        string="SLA Target (%)",
        default=90.0,
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
        "hypercare.triage.session", "charter_id", string="Triage Sessions"
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
    # exit gate, first close, extensions, stand-up
    exit_criterion_ids = fields.One2many("hypercare.exit.criterion", "charter_id")
    first_close_ids = fields.One2many("hypercare.first.close", "charter_id")
    extension_ids = fields.One2many("hypercare.extension", "charter_id")
    extension_count = fields.Integer(compute="_compute_extension_count")
    exit_ready = fields.Boolean(
        compute="_compute_exit_ready",
        help="Every required exit criterion is met.",
    )
    exit_met_count = fields.Integer(compute="_compute_exit_ready")
    exit_required_count = fields.Integer(compute="_compute_exit_ready")
    close_override_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why hypercare was closed while exit criteria were unmet.",
    )
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    last_standup_date = fields.Datetime(
        string="Last Stand-up",
        copy=False,
        help="Tickets reported since then are new at the next stand-up.",
    )
    days_since_go_live = fields.Integer(compute="_compute_standup_timing")
    days_to_planned_end = fields.Integer(compute="_compute_standup_timing")
    cadence = fields.Char(compute="_compute_standup_timing")
    standup_html = fields.Html(
        string="Stand-up", compute="_compute_standup_html", sanitize=False
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
                        end=charter.planned_end_date,
                        go_live=charter.go_live_date,
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

    @api.constrains("project_id")
    def _check_project_unique(self):
        for charter in self.filtered("project_id"):
            if self.search_count(
                [("project_id", "=", charter.project_id.id), ("id", "!=", charter.id)],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "Project %(project)s already carries another hypercare "
                        "charter.",
                        project=charter.project_id.display_name,
                    )
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
                charter[fname] = counter.get(charter, 0)

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

    def _compute_extension_count(self):
        for charter in self:
            charter.extension_count = len(charter.extension_ids)

    @api.depends_context("uid")
    @api.depends(
        "exit_criterion_ids.required",
        "exit_criterion_ids.kind",
        "exit_criterion_ids.threshold",
        "exit_criterion_ids.date_signed",
        "bau_contact_id",
        "baseline_weekly_volume",
        "sla_target",
    )
    def _compute_exit_ready(self):
        for charter in self:
            required = charter.exit_criterion_ids.filtered("required")
            met = required.filtered("is_met")
            charter.exit_met_count = len(met)
            charter.exit_required_count = len(required)
            charter.exit_ready = len(met) == len(required)

    def _compute_standup_timing(self):
        today = fields.Date.context_today(self)
        for charter in self:
            since = (today - charter.go_live_date).days if charter.go_live_date else 0
            charter.days_since_go_live = since
            charter.days_to_planned_end = (
                (charter.planned_end_date - today).days
                if charter.planned_end_date
                else 0
            )
            charter.cadence = charter._hypercare_cadence(since)

    @api.depends_context("uid")
    def _compute_standup_html(self):
        for charter in self:
            charter.standup_html = (
                self.env["ir.qweb"]._render(
                    "hypercare_support.hypercare_standup_content",
                    {"charter": charter, "data": charter._hypercare_standup_data()},
                )
                if charter.id
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            platform = vals.get("platform") or "odoo"
            if not vals.get("severity_ids"):
                vals["severity_ids"] = self._severity_template_commands(platform)
        charters = super().create(vals_list)
        for charter in charters.filtered(lambda c: c._hypercare_needs_project()):
            charter.project_id = charter._create_hypercare_project()
        charters.project_id._hypercare_secure_visibility()
        criteria = self.env["hypercare.exit.criterion"]
        criteria.create(
            [
                dict(vals, charter_id=charter.id)
                for charter in charters.filtered(lambda c: not c.exit_criterion_ids)
                for vals in criteria._default_vals()
            ]
        )
        return charters

    def write(self, vals):
        res = super().write(vals)
        if "project_id" in vals:
            self.project_id._hypercare_secure_visibility()
        return res

    @api.model
    def _severity_template_commands(self, platform):
        rows = SEVERITY_TEMPLATES.get(platform) or SEVERITY_TEMPLATES["other"]
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
                }
            )
            for sequence, (level, name, response, resolution, business) in enumerate(
                rows, start=1
            )
        ]

    def _hypercare_needs_project(self):
        """Whether this new charter gets a project to carry its tickets; a
        bridge giving it another carrier (a helpdesk team) says no."""
        self.ensure_one()
        return not self.project_id

    def _hypercare_carrier_model(self):
        """The (empty) model carrying this charter's tickets."""
        self.ensure_one()
        for model_name in self._hypercare_ticket_models():
            if self.env[model_name]._hypercare_carries(self):
                return self.env[model_name]
        return self.env["project.task"]

    def _create_hypercare_project(self):
        self.ensure_one()
        stages = (
            self.env["project.task.type"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "sequence": sequence,
                        "fold": fold,
                        "hypercare_pauses_sla": pauses,
                        "hypercare_resolves": resolves,
                        "user_id": False,
                    }
                    for name, sequence, fold, pauses, resolves in STAGE_TEMPLATE
                ]
            )
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
        """Severity of a ticket created without one: medium, else the mildest."""
        self.ensure_one()
        severities = self.severity_ids.sorted("sequence")
        return severities.filtered(lambda s: s.level == "medium")[:1] or severities[-1:]

    def _hypercare_breach_digest(self, tickets):
        """One message per scan run telling the incident lead the new breaches."""
        self.ensure_one()
        lead = self.incident_lead_id
        items = Markup("").join(
            Markup("<li>%s — %s (%s)</li>")
            % (
                ticket.display_name,
                ticket.severity_id.name or "",
                ticket.support_layer.upper(),
            )
            for ticket in tickets
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(count)s ticket(s) breached their SLA since the last scan:",
                count=len(tickets),
            ),
            items,
        )
        self.message_post(
            body=body,
            subject=self.env._("Hypercare %(name)s: new SLA breaches", name=self.name),
            partner_ids=lead.partner_id.ids,
            subtype_xmlid="mail.mt_comment" if lead else "mail.mt_note",
        )

    @api.model
    def _hypercare_ticket_models(self):
        """Models carrying the hypercare ticket mixin."""
        return [
            name
            for name in self.env.registry.descendants(
                ["hypercare.ticket.mixin"], "_inherit"
            )
            if name != "hypercare.ticket.mixin" and not self.env[name]._abstract
        ]

    @api.model
    def _cron_sla_scan(self):
        """Scheduled action: move SLA statuses on and notify transitions."""
        for model_name in self._hypercare_ticket_models():
            self.env[model_name].sudo()._sla_scan()

    def action_activate(self):
        self.filtered(lambda c: c.state == "draft").write({"state": "active"})
        return True

    def action_reset_draft(self):
        self.filtered(lambda c: c.state == "active").write({"state": "draft"})
        return True

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

    # ------------------------------------------------------------------
    # Exit gate, extension, closing
    # ------------------------------------------------------------------

    def _hypercare_unmet_criteria(self):
        """Exit criteria of these charters not met right now."""
        return self.exit_criterion_ids.filtered(lambda c: not c.is_met)

    def _hypercare_check_manager(self, what):
        if not self.env.user.has_group("hypercare_support.group_hypercare_manager"):
            raise UserError(
                self.env._("Only a hypercare manager can %(what)s.", what=what)
            )

    def _hypercare_check_running(self):
        if self.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Hypercare %(name)s is not running (active or extended).",
                    name=self.name,
                )
            )

    def action_open_extensions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extensions"),
            "res_model": "hypercare.extension",
            "view_mode": "list,form",
            "domain": [("charter_id", "=", self.id)],
            "context": {"default_charter_id": self.id},
        }

    def action_open_extend_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extend hypercare"),
            "res_model": "hypercare.charter.extend",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charter_id": self.id},
        }

    def action_open_close_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close hypercare"),
            "res_model": "hypercare.charter.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charter_id": self.id},
        }

    def action_extend(self, new_end_date, reason):
        """Move the planned end, record the extension with the unmet criteria
        and set the charter to extended."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("extend hypercare"))
        self._hypercare_check_running()
        new_end_date = fields.Date.to_date(new_end_date)
        if not new_end_date or new_end_date <= self.planned_end_date:
            raise UserError(
                self.env._(
                    "The new end date must come after the current planned end "
                    "(%(end)s).",
                    end=self.planned_end_date,
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the extension."))
        unmet = self._hypercare_unmet_criteria()
        extension = self.env["hypercare.extension"].create(
            {
                "charter_id": self.id,
                "previous_end_date": self.planned_end_date,
                "new_end_date": new_end_date,
                "reason": reason,
                "unmet_criterion_ids": [Command.set(unmet.ids)],
            }
        )
        self.write({"planned_end_date": new_end_date, "state": "extended"})
        body = escape(
            self.env._("Hypercare extended from %(old)s to %(new)s: %(reason)s")
        ) % {"old": extension.previous_end_date, "new": new_end_date, "reason": reason}
        if unmet:
            body += Markup("<br/>") + escape(
                self.env._("Unmet criteria: %(names)s")
            ) % {"names": ", ".join(unmet.mapped("name"))}
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return extension

    def action_close(self, override_reason=None):
        """Close hypercare: refused unless exit-ready, except a manager
        override with a written reason, kept on the record and the chatter."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("close hypercare"))
        self._hypercare_check_running()
        unmet = self._hypercare_unmet_criteria().filtered("required")
        reason = (override_reason or "").strip()
        if unmet and not reason:
            raise UserError(
                self.env._(
                    "Hypercare %(name)s is not exit-ready (unmet: %(names)s). A "
                    "manager can close it anyway with a written reason.",
                    name=self.name,
                    names=", ".join(unmet.mapped("name")),
                )
            )
        self.write(
            {
                "state": "closed",
                "closed_by_id": self.env.user.id,
                "date_closed": fields.Datetime.now(),
                "close_override_reason": reason if unmet else False,
            }
        )
        if unmet:
            body = escape(
                self.env._(
                    "Hypercare closed by override. Unmet criteria: %(names)s. "
                    "Reason: %(reason)s"
                )
            ) % {"names": ", ".join(unmet.mapped("name")), "reason": reason}
        else:
            body = escape(self.env._("Hypercare closed: every exit criterion is met."))
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    # ------------------------------------------------------------------
    # Stand-up
    # ------------------------------------------------------------------

    @api.model
    def _hypercare_cadence(self, days_since_go_live):
        if days_since_go_live < 0:
            return self.env._("Before go-live: rehearse triage and the stand-up.")
        if days_since_go_live < 7:
            return self.env._(
                "Week 1: triage several times a day, SLA monitoring hourly."
            )
        if days_since_go_live < 28:
            return self.env._("Daily stand-up, SLA monitoring daily.")
        return self.env._("Daily stand-up, SLA monitoring weekly.")

    def _hypercare_standup_data(self):
        """Everything the stand-up looks at, in a few aggregate queries."""
        self.ensure_one()
        now = fields.Datetime.now()
        Severity = self.env["hypercare.severity"]
        levels = Severity._fields["level"]._description_selection(self.env)
        layers = (
            self.env["hypercare.champion"]
            ._fields["support_layer"]
            ._description_selection(self.env)
        )
        matrix = Counter()
        blockers = []
        since = self.last_standup_date or now - timedelta(days=1)
        new_count = 0
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo()
            domain = [("hypercare_charter_id", "=", self.id)]
            for level, layer, count in Ticket._read_group(
                domain + [("hypercare_is_open", "=", True)],
                ["severity_level", "support_layer"],
                ["__count"],
            ):
                matrix[(level, layer)] += count
            new_count += Ticket.search_count(domain + [("date_reported", ">=", since)])
            blockers += Ticket.search(
                domain
                + [
                    ("hypercare_is_open", "=", True),
                    "|",
                    ("severity_level", "=", "critical"),
                    "&",
                    ("severity_level", "=", "high"),
                    ("sla_breached", "=", True),
                ],
                order="date_reported",
                limit=BLOCKERS_SHOWN,
            )
        criteria = self.exit_criterion_ids
        per_function = Counter(
            (c.function or "").strip() for c in self.champion_ids if c.function
        )
        return {
            "now": now,
            "since": since,
            "levels": levels,
            "layers": layers,
            "matrix": matrix,
            "level_totals": {
                level: sum(matrix[(level, layer)] for layer, _l in layers)
                for level, _label in levels
            },
            "new_count": new_count,
            "blockers": [
                {
                    "name": ticket.display_name,
                    "severity": ticket.severity_id.name,
                    "layer": (ticket.support_layer or "").upper(),
                    "breached": ticket.sla_breached,
                    "reported": ticket.date_reported,
                }
                for ticket in sorted(blockers, key=lambda t: t.date_reported)[
                    :BLOCKERS_SHOWN
                ]
            ],
            "weeks": self.env["hypercare.exit.criterion"]._charter_weekly_stats(self),
            "criteria": [
                {
                    "name": c.name,
                    "value": c.current_value,
                    "target": c.target_display,
                    "met": c.is_met,
                    "required": c.required,
                }
                for c in criteria
            ],
            "functions": sorted(per_function.items()),
            "recommended": (RECOMMENDED_CHAMPIONS, 4),
        }

    def _hypercare_standup_partners(self):
        self.ensure_one()
        return (
            self.incident_lead_id
            | self.reporting_lead_id
            | self.adoption_lead_id
            | self.executive_sponsor_id
        ).partner_id

    def action_send_standup(self):
        """E-mail the stand-up summary to the leads and the sponsor."""
        template = self.env.ref(
            "hypercare_support.mail_template_hypercare_standup",
            raise_if_not_found=False,
        )
        for charter in self:
            partners = charter._hypercare_standup_partners()
            if template:
                charter.message_post_with_source(
                    template,
                    partner_ids=partners.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            charter.last_standup_date = fields.Datetime.now()
        return True

    def action_mark_standup(self):
        """The stand-up was held: what comes next is new at the next one."""
        self.write({"last_standup_date": fields.Datetime.now()})
        return True

    @api.model
    def _cron_standup_summary(self):
        """Scheduled action: the daily stand-up summary of running charters."""
        charters = self.search([("state", "in", OPEN_STATES)])
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for charter in charters:
            charter.action_send_standup()
            if in_cron and not self.env["ir.cron"]._commit_progress(1):
                break
