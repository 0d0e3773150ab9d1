from odoo import fields, models


class HypercareReportIssue(models.TransientModel):
    """The report dialog opened from a floor-log entry ("Became a ticket")
    links the ticket it creates back to that entry."""

    _inherit = "hypercare.report.issue"

    floor_log_id = fields.Many2one("hypercare.floor.log", readonly=True)

    def action_submit(self):
        action = super().action_submit()
        log = self.floor_log_id
        if log and action.get("res_model") == log._fields["ticket_id"].comodel_name:
            log.write({"outcome": "ticket", "ticket_id": action["res_id"]})
        return action
