import math

from odoo import api, fields, models
from odoo.fields import Domain


class HypercareCharter(models.Model):
    """At close, a helpdesk-carried charter's BAU matrix becomes
    helpdesk_mgmt_sla policies on its team, and the team uses them."""

    _inherit = "hypercare.charter"

    bau_sla_policy_ids = fields.One2many(
        "helpdesk.sla",
        "hypercare_charter_id",
        string="BAU SLA Policies",
        readonly=True,
        help="The helpdesk SLA policies made from the BAU matrix when the "
        "charter closed: BAU measurement goes on in helpdesk_mgmt_sla.",
    )

    @api.constrains("team_id", "state")
    def _check_team_use_sla(self):
        """A charter not closed starts on no team that uses SLA policies."""
        self.sudo().team_id._check_hypercare_use_sla()

    def _hypercare_handover(self):
        """The policies first: the handover report names them, and the
        tickets handed over in the batches get their SLA lines from them."""
        self._hypercare_bau_sla_policies()
        return super()._hypercare_handover()

    def _hypercare_bau_sla_policies(self):
        """One policy per level of the BAU matrix on the charter's team (the
        levels that have none yet: a second run makes no duplicate), then
        Use SLA on the team. Returns the policies created."""
        self.ensure_one()
        charter = self.sudo()
        Sla = self.env["helpdesk.sla"].sudo().with_context(active_test=False)
        team = charter.team_id
        if not team or charter.state != "closed":
            return Sla
        done = set(
            Sla.search([("hypercare_charter_id", "=", charter.id)]).mapped(
                "hypercare_level"
            )
        )
        target = charter._hypercare_sla_target_stage()
        on_hold = (
            self.env["helpdesk.ticket.stage"]
            .sudo()
            .search(
                charter._hypercare_sla_stage_domain()
                & Domain("hypercare_pauses_sla", "=", True)
            )
        )
        calendar = charter._get_calendar()
        policies = Sla.create(
            [
                {
                    "name": f"{charter.name} - {row.name}",
                    "company_id": charter.company_id.id,
                    "team_ids": team.ids,
                    "domain": repr([("severity_level", "=", level)]),
                    "hours": math.ceil(row.resolution_hours),
                    "stage_id": target.id,
                    "ignore_stage_ids": on_hold.ids,
                    "hypercare_charter_id": charter.id,
                    "hypercare_level": level,
                    "hypercare_calendar_id": row.business_hours_only and calendar.id,
                }
                for level, row in charter._hypercare_bau_rows().items()
                if level not in done
            ]
        )
        vals = {} if team.use_sla else {"use_sla": True}
        if not team.resource_calendar_id:
            vals["resource_calendar_id"] = calendar.id
        if vals:
            team.write(vals)
        return policies

    def _hypercare_sla_stage_domain(self):
        team = self.team_id
        return Domain("team_ids", "=", False) | Domain("team_ids", "in", team.ids)

    def _hypercare_sla_target_stage(self):
        """Where a BAU policy is met: the team's first stage that resolves
        (closed, not cancelling), as the BAU resolution clock counts."""
        Stage = self.env["helpdesk.ticket.stage"].sudo()
        closed = self._hypercare_sla_stage_domain() & Domain("closed", "=", True)
        return (
            Stage.search(
                closed & Domain("hypercare_cancels", "=", False), order="sequence, id"
            )[:1]
            or Stage.search(closed, order="sequence, id")[:1]
        )
