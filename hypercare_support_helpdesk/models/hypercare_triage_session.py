from odoo import api, fields, models


class HypercareTriageSession(models.Model):
    _inherit = "hypercare.triage.session"

    helpdesk_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "hypercare_triage_session_helpdesk_ticket_rel",
        "session_id",
        "ticket_id",
        string="Helpdesk Tickets Reviewed",
        check_company=True,
    )

    @api.depends("helpdesk_ticket_ids")
    def _compute_ticket_count(self):
        res = super()._compute_ticket_count()
        for session in self:
            session.ticket_count += len(session.helpdesk_ticket_ids)
        return res
