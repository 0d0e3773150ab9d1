from odoo import api, fields, models


class AccountAnalyticLine(models.Model):
    """A timesheet line on a hypercare ticket remembers whether its author
    was on the charter's partner team when it was logged: the partner budget
    counts those hours, whatever the team becomes later (an archived L3
    line keeps its past hours)."""

    _inherit = "account.analytic.line"

    hypercare_partner_work = fields.Boolean(
        string="Partner Team Work",
        compute="_compute_hypercare_partner_work",
        store=True,
        readonly=True,
        help="Logged on a hypercare ticket by the charter's partner team "
        "(partner contact, vendor liaison, L3/L4 roster) as it was then.",
    )

    # the team at the time: the roster is deliberately not a dependency
    @api.depends("task_id", "user_id")
    def _compute_hypercare_partner_work(self):
        teams = {}
        for line in self:
            charter = line.task_id.sudo().hypercare_charter_id
            if not charter:
                line.hypercare_partner_work = False
                continue
            if charter.id not in teams:
                teams[charter.id] = charter._hypercare_partner_users()
            line.hypercare_partner_work = line.user_id in teams[charter.id]
