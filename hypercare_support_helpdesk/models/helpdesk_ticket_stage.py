from odoo import api, fields, models


class HelpdeskTicketStage(models.Model):
    _name = "helpdesk.ticket.stage"
    _inherit = ["hypercare.stage.mixin", "helpdesk.ticket.stage"]

    hypercare_cancels = fields.Boolean(
        string="Cancels Ticket",
        help="Hypercare tickets moved to this stage (cancelled, rejected) are "
        "not resolved: they leave the SLA statistics and are no longer open.",
    )

    @api.model
    def _hypercare_flag_default_stages(self):
        """Flag helpdesk_mgmt's default stages at install (those still there)."""
        flags = {
            "helpdesk_mgmt.helpdesk_ticket_stage_awaiting": "hypercare_pauses_sla",
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled": "hypercare_cancels",
            "helpdesk_mgmt.helpdesk_ticket_stage_rejected": "hypercare_cancels",
        }
        for xmlid, fname in flags.items():
            stage = self.env.ref(xmlid, raise_if_not_found=False)
            if stage:
                stage[fname] = True
