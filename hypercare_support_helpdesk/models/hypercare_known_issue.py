from odoo import api, fields, models


class HypercareKnownIssue(models.Model):
    """Known issues gather helpdesk tickets too."""

    _inherit = "hypercare.known.issue"

    helpdesk_ticket_ids = fields.One2many(
        "helpdesk.ticket",
        "hypercare_known_issue_id",
        string="Helpdesk Tickets",
        readonly=True,
    )

    @api.depends(
        "task_ids.severity_level",
        "task_ids.hypercare_is_open",
        "helpdesk_ticket_ids.severity_level",
        "helpdesk_ticket_ids.hypercare_is_open",
    )
    def _compute_severity_level(self):
        return super()._compute_severity_level()
