from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

WINDOW_STATES = [
    ("planned", "Planned"),
    ("deployed", "Deployed"),
    ("cancelled", "Cancelled"),
]


class HypercareHotfixWindow(models.Model):
    """A scheduled deployment of fixes (the charter's hotfix windows):
    deploying it fixes its known issues and tells every affected reporter
    with its release note."""

    _name = "hypercare.hotfix.window"
    _description = "Hypercare Hotfix Window"
    _inherit = ["mail.thread"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    name = fields.Char(required=True, tracking=True)
    date_planned = fields.Datetime(
        string="Planned For", required=True, tracking=True, index=True
    )
    date_deployed = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        WINDOW_STATES, default="planned", required=True, tracking=True, readonly=True
    )
    known_issue_ids = fields.One2many(
        "hypercare.known.issue",
        "hotfix_window_id",
        string="Known Issues",
        check_company=True,
    )
    known_issue_count = fields.Integer(compute="_compute_known_issue_count")
    note = fields.Html(
        string="Release Note", help="What ships, in the words the users read."
    )

    @api.depends("known_issue_ids")
    def _compute_known_issue_count(self):
        for window in self:
            window.known_issue_count = len(window.known_issue_ids)

    @api.model_create_multi
    def create(self, vals_list):
        windows = super().create(vals_list)
        windows._hypercare_check_staff()
        return windows

    def write(self, vals):
        self._hypercare_check_staff()
        return super().write(vals)

    def _hypercare_check_staff(self):
        if self.env.su:
            return
        if self.charter_id - self.charter_id._hypercare_staff_charters():
            raise AccessError(
                self.env._(
                    "Only the staff of its hypercare can plan and deploy hotfix "
                    "windows."
                )
            )

    def action_deploy(self):
        """Deployed: every known issue it carries is fixed (``action_fix``)
        with the release note."""
        self._hypercare_check_staff()
        for window in self:
            if window.state != "planned":
                raise UserError(
                    self.env._(
                        "Hotfix window %(name)s is not planned: it cannot be deployed.",
                        name=window.name,
                    )
                )
            issues = window.known_issue_ids.filtered(
                lambda i: i.state not in ("fixed", "cancelled")
            )
            issues.action_fix(note=window.note)
            window.sudo().write(
                {"state": "deployed", "date_deployed": fields.Datetime.now()}
            )
            window.message_post(
                body=escape(self.env._("Deployed: %(count)s known issues fixed."))
                % {"count": len(issues)},
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        """Cancelled: its known issues are no longer scheduled."""
        self._hypercare_check_staff()
        planned = self.filtered(lambda w: w.state == "planned")
        issues = planned.known_issue_ids.filtered(lambda i: i.state == "scheduled")
        for issue in issues:
            issue.write(
                {
                    "hotfix_window_id": False,
                    "state": "workaround"
                    if not is_html_empty(issue.workaround)
                    else "investigating",
                }
            )
        planned.sudo().write({"state": "cancelled"})
        return True
