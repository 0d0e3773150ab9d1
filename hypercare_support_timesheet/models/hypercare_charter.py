from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list

# the burn rate is the partner team's hours of the last BURN_DAYS days, today included
BURN_DAYS = 7
# the partner team on the roster: L3 (partner) and L4 (vendor) lines
PARTNER_LAYERS = ("l3", "l4")
TIMESHEET_GROUP = "hr_timesheet.group_hr_timesheet_user"
# the commercial figures are for the charter's champions and the managers
BUDGET_GROUPS = "hypercare_support.group_hypercare_champion"


class HypercareCharter(models.Model):
    """The partner's hypercare budget, watched on the timesheets of the
    charter's tickets (project tasks)."""

    _inherit = "hypercare.charter"

    partner_hours_budget = fields.Float(
        groups=BUDGET_GROUPS,
        string="Partner Budget (Hours)",
        tracking=True,
        help="Hours the implementation partner sold for hypercare. Leave 0 to "
        "watch no budget.",
    )
    partner_hours_used = fields.Float(
        groups=BUDGET_GROUPS,
        compute="_compute_partner_budget",
        help="Hours logged on the charter's tickets by the partner team: the "
        "partner contact, the vendor liaison and the L3/L4 roster members.",
    )
    partner_hours_left = fields.Float(
        groups=BUDGET_GROUPS, compute="_compute_partner_budget"
    )
    partner_burn_rate = fields.Float(
        groups=BUDGET_GROUPS,
        compute="_compute_partner_budget",
        string="Burn Rate (Hours/Day)",
        help="The partner team's hours per day over the last 7 days.",
    )
    budget_exhaustion_date = fields.Date(
        groups=BUDGET_GROUPS,
        compute="_compute_partner_budget",
        string="Budget Runs Out On",
        help="When the budget runs out at the burn rate of the last 7 days; "
        "empty without burn.",
    )
    partner_budget_measured = fields.Boolean(
        groups=BUDGET_GROUPS,
        compute="_compute_partner_budget",
        help="Timesheets are counted on project tasks only: the budget of a "
        "charter carried by another carrier (helpdesk tickets) is not measured.",
    )
    partner_budget_warning = fields.Boolean(
        groups=BUDGET_GROUPS,
        compute="_compute_partner_budget",
        help="The budget runs out before the planned end.",
    )

    partner_team_without_employee_ids = fields.Many2many(
        "res.users",
        groups=BUDGET_GROUPS,
        compute="_compute_partner_team_without_employee",
        help="Members of the partner team (partner contact, vendor liaison, "
        "L3/L4 roster) with no employee in the charter's company: they cannot "
        "log their hours on the tickets, so the partner budget would not see "
        "them.",
    )

    @api.constrains("partner_hours_budget")
    def _check_partner_hours_budget(self):
        for charter in self:
            if charter.partner_hours_budget < 0:
                raise ValidationError(
                    self.env._(
                        "Charter %(name)s: the partner budget cannot be negative "
                        "(%(hours)s hours).",
                        name=charter.name,
                        hours=charter.partner_hours_budget,
                    )
                )

    def _hypercare_partner_users(self):
        """The partner team of the charter: partner contact, vendor liaison
        and the active L3/L4 roster members."""
        self.ensure_one()
        roster = self.champion_ids.filtered(
            lambda c: c.active and c.support_layer in PARTNER_LAYERS
        )
        return self.partner_contact_id | self.vendor_liaison_id | roster.user_id

    def _hypercare_partner_timesheet_domain(self):
        """The partner team's hours on the charter's tickets: each line as its
        author's role was when it was logged (``hypercare_partner_work``)."""
        self.ensure_one()
        return [
            ("project_id", "=", self.project_id.id),
            ("task_id", "!=", False),
            ("hypercare_partner_work", "=", True),
        ]

    @api.depends("partner_hours_budget", "planned_end_date", "project_id")
    @api.depends_context("tz")
    def _compute_partner_budget(self):
        today = fields.Date.context_today(self)
        since = today - timedelta(days=BURN_DAYS - 1)
        # no sudo() on the charters: in the form's onchange a sudo copy of the
        # new record would send its roster back over the user's edits
        measured = self.filtered(
            lambda c: (
                c.project_id and c._hypercare_carrier_model()._name == "project.task"
            )
        )
        # one query for every charter: the partner team's hours per project
        # and day, each line as its author's role was when it was logged
        rows = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    ("project_id", "in", measured.project_id.ids),
                    ("task_id", "!=", False),
                    ("hypercare_partner_work", "=", True),
                ],
                ["project_id", "date:day"],
                ["unit_amount:sum"],
            )
            if measured
            else []
        )
        for charter in self:
            is_measured = charter in measured
            used = burnt = 0.0
            if is_measured:
                for project, day, hours in rows:
                    if project != charter.project_id:
                        continue
                    used += hours
                    if since <= fields.Date.to_date(day) <= today:
                        burnt += hours
            budget = charter.partner_hours_budget
            rate = burnt / BURN_DAYS
            left = budget - used
            exhaustion = False
            if is_measured and budget and rate > 0:
                exhaustion = today + timedelta(days=int(max(left, 0.0) // rate))
            charter.partner_budget_measured = is_measured
            charter.partner_hours_used = used
            charter.partner_hours_left = left
            charter.partner_burn_rate = rate
            charter.budget_exhaustion_date = exhaustion
            charter.partner_budget_warning = bool(
                exhaustion
                and charter.planned_end_date
                and exhaustion < charter.planned_end_date
            )

    @api.depends(
        "company_id",
        "partner_contact_id",
        "vendor_liaison_id",
        "champion_ids.user_id",
        "champion_ids.support_layer",
        "champion_ids.active",
    )
    def _compute_partner_team_without_employee(self):
        teams = {c.id: c.sudo()._hypercare_partner_users() for c in self}
        users = self.env["res.users"].union(*teams.values())
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("user_id", "in", users.ids), ("active", "=", True)])
        )
        for charter in self:
            company = charter.company_id or self.env.company
            logging = employees.filtered(lambda e, c=company: e.company_id == c).user_id
            charter.partner_team_without_employee_ids = teams[charter.id] - logging

    def _hypercare_missing_for_go_live(self):
        """A watched partner budget needs the partner team to log its hours:
        each member an employee in the charter's company."""
        missing = super()._hypercare_missing_for_go_live()
        charter = self.sudo()
        if charter.partner_hours_budget and charter.partner_team_without_employee_ids:
            missing.append(
                self.env._(
                    "an employee in %(company)s for %(names)s, who log the "
                    "partner's hours (Partner budget: Create their employees)",
                    company=charter.company_id.name,
                    names=format_list(
                        self.env,
                        charter.partner_team_without_employee_ids.mapped("name"),
                    ),
                )
            )
        return missing

    def action_hypercare_create_partner_employees(self):
        """An employee in the charter's company for each member of the partner
        team who has none, so they can log their hours on the tickets."""
        self._hypercare_check_manager(self.env._("create the partner team's employees"))
        for charter in self.sudo():
            users = charter.partner_team_without_employee_ids
            if not users:
                continue
            self.env["hr.employee"].sudo().create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "company_id": charter.company_id.id,
                        "work_email": user.email,
                    }
                    for user in users
                ]
            )
            charter.invalidate_recordset(["partner_team_without_employee_ids"])
            charter.message_post(
                body=self.env._(
                    "Employees created for the partner team, so they can log "
                    "their hours: %(names)s.",
                    names=format_list(self.env, users.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _create_hypercare_project(self):
        project = super()._create_hypercare_project()
        self._hypercare_enable_timesheets(project)
        return project

    def _hypercare_enable_timesheets(self, projects=None):
        """The hypercare projects take timesheets: hr_timesheet gives them their
        analytic account (projects made before it was installed have none)."""
        projects = self.project_id if projects is None else projects
        projects.sudo().filtered(lambda p: not p.allow_timesheets).write(
            {"allow_timesheets": True}
        )

    def action_open_partner_timesheets(self):
        """The partner team's timesheets on the charter's tickets."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Partner hours: %(name)s", name=self.name),
            "res_model": "account.analytic.line",
            "views": [
                (self.env.ref("hr_timesheet.hr_timesheet_line_tree").id, "list"),
                (False, "form"),
            ],
            "domain": self._hypercare_partner_timesheet_domain(),
            "context": {"create": False},
        }

    def _hypercare_budget_summary(self):
        """One line on the budget: used of budget, and the forecast."""
        self.ensure_one()
        if not self.partner_budget_measured:
            return self.env._(
                "Not measured: the tickets are not project tasks, whose "
                "timesheets the budget counts."
            )
        summary = self.env._(
            "%(used).1f h used of %(budget).1f h, %(left).1f h left.",
            used=self.partner_hours_used,
            budget=self.partner_hours_budget,
            left=self.partner_hours_left,
        )
        return summary

    def _hypercare_budget_forecast(self):
        self.ensure_one()
        if not self.budget_exhaustion_date:
            return self.env._("No partner hours in the last 7 days: no forecast.")
        forecast = self.env._(
            "Burn rate %(rate).1f h/day over the last 7 days: the budget runs out "
            "on %(date)s.",
            rate=self.partner_burn_rate,
            date=fields.Date.to_string(self.budget_exhaustion_date),
        )
        if self.partner_budget_warning:
            forecast += " " + self.env._(
                "That is before the planned end (%(end)s).",
                end=fields.Date.to_string(self.planned_end_date),
            )
        return forecast

    def _hypercare_standup_sections(self):
        sections = super()._hypercare_standup_sections()
        # the caller checked that the user is staff: a partner contact who is
        # a plain internal user sees the figures, not the fields
        charter = self.sudo()
        if charter.partner_hours_budget:
            lines = [charter._hypercare_budget_summary()]
            if charter.partner_budget_measured:
                lines.append(charter._hypercare_budget_forecast())
            sections.append(
                {
                    "key": "partner_budget",
                    "title": self.env._("Partner budget"),
                    "sequence": 40,
                    "lines": lines,
                    "warning": charter.partner_budget_warning
                    or (
                        charter.partner_budget_measured
                        and charter.partner_hours_left <= 0
                    ),
                }
            )
        return sections

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        charter = self.sudo()  # staff checked by the caller, as the stand-up
        if not charter.partner_hours_budget:
            return res
        tile = {
            "key": "partner_budget",
            "label": self.env._("Partner budget"),
            "sequence": 70,
            "help": charter._hypercare_budget_summary(),
        }
        if not charter.partner_budget_measured:
            tile.update(value=self.env._("Not measured"), state="muted", action=False)
        else:
            state = "ok"
            if charter.partner_hours_left <= 0:
                state = "danger"
            elif charter.partner_budget_warning:
                state = "warning"
            can_read = self.env.user.has_group(TIMESHEET_GROUP)
            tile.update(
                value=round(charter.partner_hours_left, 1),
                unit=self.env._("h left"),
                state=state,
                help=f"{tile['help']} {charter._hypercare_budget_forecast()}",
                action=self.action_open_partner_timesheets() if can_read else False,
            )
        res["tiles"].append(tile)
        return res
