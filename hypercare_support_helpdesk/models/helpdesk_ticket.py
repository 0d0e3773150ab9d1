from odoo import api, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["hypercare.ticket.mixin", "helpdesk.ticket"]

    _hypercare_state_trigger_fields = ("stage_id", "team_id", "active")
    _hypercare_action_xmlid = (
        "hypercare_support_helpdesk.helpdesk_ticket_hypercare_action"
    )
    _hypercare_carrier_group = "helpdesk_mgmt.group_helpdesk_user"
    _hypercare_my_issue_view_xmlid = (
        "hypercare_support_helpdesk.helpdesk_ticket_view_form_my_issue"
    )
    _hypercare_my_issue_action_xmlid = (
        "hypercare_support_helpdesk.helpdesk_ticket_my_issue_action"
    )
    _hypercare_session_field = "helpdesk_ticket_ids"
    _hypercare_owner_field = "user_id"
    _hypercare_open_filter = "hypercare_open"

    @api.depends("team_id.hypercare_charter_id")
    def _compute_hypercare_charter_id(self):
        for ticket in self:
            ticket.hypercare_charter_id = ticket.team_id.hypercare_charter_id

    # not "stage_id.hypercare_pauses_sla": a stage's flag edit starts or ends
    # the pause of its tickets in batches (hypercare.stage.mixin)
    @api.depends("stage_id", "stage_id.closed", "stage_id.hypercare_cancels", "active")
    def _compute_hypercare_state(self):
        for ticket in self:
            stage = ticket.stage_id
            if stage.hypercare_cancels or not ticket.active:
                ticket.hypercare_state = "cancelled"
            elif stage.closed:
                ticket.hypercare_state = "done"
            elif stage.hypercare_pauses_sla:
                ticket.hypercare_state = "paused"
            else:
                ticket.hypercare_state = "open"

    @api.model
    def _hypercare_carries(self, charter):
        return bool(charter.team_id)

    @api.model
    def _hypercare_carrier_vals(self, charter):
        return {"team_id": charter.team_id.id}

    @api.model
    def _hypercare_charter_from_values(self, values):
        # under sudo: whoever creates the ticket may not read the team's
        # charter; that field alone, nothing else of the team in the cache
        team = self.env["helpdesk.ticket.team"].sudo().browse(values.get("team_id"))
        team.fetch(["hypercare_charter_id"])
        return team.hypercare_charter_id.with_env(self.env)

    def _hypercare_owner(self):
        self.ensure_one()
        return self.user_id

    def _hypercare_set_owner(self, user):
        self.ensure_one()
        self.user_id = user

    def _hypercare_stages(self):
        """Stages the ticket can move through, in order."""
        self.ensure_one()
        return self.team_id._get_applicable_stages().sorted(
            lambda s: (s.sequence, s.id)
        )

    def _hypercare_reopen(self):
        for ticket in self:
            stages = ticket._hypercare_stages().filtered(
                lambda s: (
                    not (s.closed or s.hypercare_pauses_sla or s.hypercare_cancels)
                )
            )
            if ticket.date_triaged and len(stages) > 1:
                stages = stages.filtered(lambda s: not s.unattended) or stages[1:]
            if not stages:
                raise UserError(
                    self.env._(
                        "Team %(team)s has no open stage to reopen %(ticket)s in.",
                        team=ticket.team_id.display_name,
                        ticket=ticket.display_name,
                    )
                )
            ticket.stage_id = stages[0]

    def _hypercare_resolve(self):
        """Each team's first closing (not cancelling) stage, one write per
        team."""
        for team in self.team_id:
            tickets = self.filtered(lambda t, tm=team: t.team_id == tm)
            stage = (
                tickets[:1]
                ._hypercare_stages()
                .filtered(lambda s: s.closed and not s.hypercare_cancels)[:1]
            )
            if not stage:
                raise UserError(
                    self.env._(
                        "Team %(team)s has no closing stage to resolve its tickets in.",
                        team=team.display_name,
                    )
                )
            tickets.write({"stage_id": stage.id})

    def _hypercare_after_triage(self):
        """Triaged tickets leave the inbox: from the first (or an unattended)
        stage to the next working stage."""
        for ticket in self.filtered(lambda t: t.hypercare_state == "open"):
            stages = ticket._hypercare_stages()
            if ticket.stage_id != stages[:1] and not ticket.stage_id.unattended:
                continue
            position = (
                stages.ids.index(ticket.stage_id.id) + 1
                if ticket.stage_id in stages
                else 0
            )
            target = stages[position:].filtered(
                lambda s: (
                    not (
                        s.closed
                        or s.unattended
                        or s.hypercare_pauses_sla
                        or s.hypercare_cancels
                    )
                )
            )[:1]
            if target:
                ticket.stage_id = target
