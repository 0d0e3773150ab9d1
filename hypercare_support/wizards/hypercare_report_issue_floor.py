from odoo import fields, models


class HypercareReportIssue(models.TransientModel):
    """The report dialog opened from a floor-log entry ("Became a ticket")
    links the ticket it creates back to that entry."""

    _inherit = "hypercare.report.issue"

    floor_log_id = fields.Many2one("hypercare.floor.log", readonly=True)

    def action_submit(self):
        action = super().action_submit()
        log = self.floor_log_id
        if log:
            vals = {"outcome": "ticket"}
            # the link names project tasks; another carrier's ticket is only noted
            if action.get("res_model") == log._fields["ticket_id"].comodel_name:
                vals["ticket_id"] = action["res_id"]
            log.write(vals)
        return action
