from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class HypercareReportIssue(models.TransientModel):
    """Self-help in the report dialog: the pages matching the summary, and a
    "This solved it" answer that closes the dialog without a ticket."""

    _inherit = "hypercare.report.issue"

    hypercare_page_ids = fields.Many2many(
        "document.page",
        compute="_compute_hypercare_page_ids",
        string="Maybe Already Answered",
    )

    @api.depends("name", "charter_id")
    def _compute_hypercare_page_ids(self):
        Page = self.env["document.page"]
        for wizard in self:
            wizard.hypercare_page_ids = Page._hypercare_search(
                wizard.name, wizard.charter_id
            )

    @api.model
    def action_hypercare_self_help_solved(self, page_id, query="", charter_id=None):
        """The user's question is answered by page ``page_id``: record a
        self-help deflection on the charter of the dialog (``charter_id``, one
        the user can report into), else their active one; create no ticket."""
        Charter = self.env["hypercare.charter"]
        charter = Charter.browse()
        if charter_id:
            charter = Charter.search(
                Domain(self._hypercare_charter_domain()) & Domain("id", "=", charter_id)
            )
        charter = charter or Charter._get_active_charter()
        page = self.env["document.page"].browse(page_id).exists()
        if not (charter and page and page.hypercare_charter_id == charter):
            raise UserError(
                self.env._("This page does not belong to your active hypercare.")
            )
        page.check_access("read")
        Deflection = self.env["hypercare.self.help.deflection"].sudo()
        # evidence of the internal-resolution criterion: once per user, page
        # and day, however often the answer is sent
        now = fields.Datetime.now()
        day_start = datetime.combine(now.date(), time.min)
        if Deflection.search_count(
            [
                ("user_id", "=", self.env.uid),
                ("page_id", "=", page.id),
                ("date", ">=", day_start),
                ("date", "<", day_start + timedelta(days=1)),
            ],
            limit=1,
        ):
            return True
        Deflection.create(
            {
                "charter_id": charter.id,
                "user_id": self.env.uid,
                "page_id": page.id,
                "query": (query or "").strip()[:256],
                "date": now,
            }
        )
        return True
