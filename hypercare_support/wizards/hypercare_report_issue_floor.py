from odoo import api, fields, models

from .hypercare_report_issue import IMPACT_LEVELS


class HypercareReportIssue(models.TransientModel):
    """The report dialog opened from a floor-log entry ("Became a ticket"):
    what the champion logged comes along (topic, business function, type),
    the champion sets the severity in the same step, and the ticket it creates
    is linked back to that entry."""

    _inherit = "hypercare.report.issue"

    floor_log_id = fields.Many2one("hypercare.floor.log", readonly=True)
    severity_id = fields.Many2one(
        "hypercare.severity",
        compute="_compute_severity_id",
        store=True,
        readonly=False,
        domain="[('charter_id', '=', charter_id), ('phase', '=', 'hypercare')]",
        help="The severity the ticket starts with: from the impact, the "
        "champion may change it.",
    )

    @api.depends("charter_id", "impact", "floor_log_id")
    def _compute_severity_id(self):
        for wizard in self:
            level = IMPACT_LEVELS.get(wizard.impact)
            wizard.severity_id = (
                wizard.charter_id.severity_ids.filtered(
                    lambda s, lv=level: s.level == lv and s.phase != "bau"
                )[:1]
                if wizard.floor_log_id
                else False
            )

    @api.depends("charter_id", "source_model", "floor_log_id")
    def _compute_champions(self):
        # the champion who answered on the floor reports: no "ask a key user
        # first", the function is the one they logged
        res = super()._compute_champions()
        for wizard in self.filtered("floor_log_id"):
            wizard.function = wizard.floor_log_id.business_function
            wizard.champion_ids = False
        return res

    def _ticket_vals(self, source):
        vals = super()._ticket_vals(source)
        log = self.floor_log_id
        if not log:
            return vals
        if log.business_function:
            vals["business_function"] = log.business_function
        severity = self.severity_id
        # the staff grade what they report; a severity of another charter or
        # of the BAU matrix is ignored
        if (
            severity
            and severity.charter_id == self.charter_id
            and severity.phase != "bau"
            and self.charter_id._hypercare_staff_charters()
        ):
            vals["severity_id"] = severity.id
        return vals

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
