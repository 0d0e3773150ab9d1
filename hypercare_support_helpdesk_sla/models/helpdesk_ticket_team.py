from odoo import api, models
from odoo.exceptions import ValidationError


class HelpdeskTicketTeam(models.Model):
    """A team carrying a charter not yet closed keeps helpdesk_mgmt_sla off:
    its tickets are measured by the hypercare SLA engine alone."""

    _inherit = "helpdesk.ticket.team"

    @api.constrains("use_sla")
    def _check_hypercare_use_sla(self):
        for team in self.filtered("use_sla"):
            charter = team.sudo().hypercare_charter_id
            if charter and charter.state != "closed":
                raise ValidationError(
                    self.env._(
                        "Team %(team)s carries hypercare %(charter)s: its tickets "
                        "are measured by the hypercare SLA matrix until the "
                        "charter closes, when its BAU matrix becomes this team's "
                        "SLA policies and Use SLA is turned on.",
                        team=team.display_name,
                        charter=charter.name,
                    )
                )

    def _hypercare_sla_switch_off_while_running(self):
        """Turn Use SLA off on the teams of these whose charter is not closed."""
        self.filtered(
            lambda t: t.sudo().hypercare_charter_id.state not in (False, "closed")
        ).write({"use_sla": False})
