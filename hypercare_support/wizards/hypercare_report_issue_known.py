from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.hypercare_known_issue import OPEN_KNOWN_ISSUE_STATES

# the dialog's values "This is my problem too" may carry
ME_TOO_FIELDS = (
    "charter_id",
    "name",
    "description",
    "trying_to_do",
    "issue_type",
    "impact",
    "source_model",
    "source_res_id",
    "source_name",
    "source_action",
    "source_url",
)


class HypercareReportIssue(models.TransientModel):
    """Known issues in the report dialog: the open ones of the charter that
    match the summary, and "This is my problem too", which creates the
    user's ticket already linked to one (acknowledged, its workaround shown)."""

    # one model, one file per concern: the split is deliberate
    _inherit = "hypercare.report.issue"  # pylint: disable=consider-merging-classes-inherited

    hypercare_known_issue_ids = fields.Many2many(
        "hypercare.known.issue",
        compute="_compute_hypercare_known_issue_ids",
        string="Known Issues Like This",
    )

    @api.depends("name", "charter_id")
    def _compute_hypercare_known_issue_ids(self):
        KnownIssue = self.env["hypercare.known.issue"]
        for wizard in self:
            # the dialog's onchange works on a new record: its saved charter
            wizard.hypercare_known_issue_ids = KnownIssue._hypercare_suggest(
                wizard.name, wizard.charter_id._origin
            )

    def _ticket_vals(self, source):
        vals = super()._ticket_vals(source)
        known = self.env.context.get("hypercare_me_too")
        if known:
            vals["hypercare_known_issue_id"] = known
        return vals

    def action_me_too(self, known_issue_id, values=None):
        """ "This is my problem too": the user's ticket, linked to known issue
        ``known_issue_id`` (hence acknowledged), opened in their form with the
        workaround. Called on the dialog, or on no record with the dialog's
        ``values``."""
        if self:
            self.ensure_one()
            wizard = self
        else:
            values = {k: v for k, v in (values or {}).items() if k in ME_TOO_FIELDS}
            wizard = self.create(values)
        issue = self.env["hypercare.known.issue"].browse(known_issue_id).exists()
        if not issue:
            raise UserError(self.env._("This known issue no longer exists."))
        issue.check_access("read")
        if issue.charter_id != wizard.charter_id:
            raise UserError(
                self.env._("This known issue does not belong to your active hypercare.")
            )
        if issue.state not in OPEN_KNOWN_ISSUE_STATES:
            raise UserError(
                self.env._(
                    "Known issue %(name)s is %(state)s: report your issue as a "
                    "new one.",
                    name=issue.name,
                    state=issue._hypercare_state_label(),
                )
            )
        vals = {}
        if not (wizard.name or "").strip():
            vals["name"] = issue.name
        if not (wizard.description or "").strip():
            vals["description"] = self.env._(
                "The same problem as known issue %(name)s.", name=issue.name
            )
        if vals:
            wizard.write(vals)
        action = wizard.with_context(hypercare_me_too=issue.id).action_submit()
        ticket = self.env[action["res_model"]].sudo().browse(action["res_id"])
        ticket._message_log_batch(
            {
                ticket.id: escape(
                    self.env._(
                        "%(user)s has this problem too: linked to known issue %(name)s."
                    )
                )
                % {"user": self.env.user.name, "name": issue.name}
            }
        )
        action["context"] = dict(action.get("context") or {}, hypercare_me_too=True)
        return action
