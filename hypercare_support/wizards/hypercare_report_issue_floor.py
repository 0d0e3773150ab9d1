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
            # the entry's link to that carrier's tickets
            for fname in log._hypercare_ticket_fields():
                if action.get("res_model") == log._fields[fname].comodel_name:
                    vals[fname] = action["res_id"]
            log.write(vals)
        return action
