from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HypercareCharter(models.Model):
    """A charter's tickets are carried either by its project or by its
    helpdesk team, never both."""

    _inherit = "hypercare.charter"

    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk Team",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        check_company=True,
        help="The helpdesk team whose tickets are the hypercare tickets, instead "
        "of a project. Set it when creating the charter.",
    )

    # archived charters included: an archived charter still owns its tickets
    _team_id_uniq = models.Constraint(
        "UNIQUE (team_id)",
        "This helpdesk team already carries the tickets of another hypercare "
        "charter: a team carries one charter at most.",
    )

    @api.constrains("project_id", "team_id")
    def _check_one_carrier(self):
        creating = self.env.context.get("hypercare_charter_creating")
        for charter in self:
            if charter.project_id and charter.team_id:
                raise ValidationError(
                    self.env._(
                        "Charter %(name)s: its tickets live either in a project or in "
                        "a helpdesk team, not both.",
                        name=charter.name,
                    )
                )
            # at creation the core gives a project to a charter without a team
            if not (charter.project_id or charter.team_id or creating):
                raise ValidationError(
                    self.env._(
                        "Charter %(name)s needs a project or a helpdesk team to "
                        "carry its tickets.",
                        name=charter.name,
                    )
                )

    @api.constrains("team_id", "company_id")
    def _check_team_company(self):
        for charter in self.filtered("team_id"):
            team = charter.team_id
            if team.company_id and team.company_id != charter.company_id:
                raise ValidationError(
                    self.env._(
                        "Helpdesk team %(team)s belongs to another company than "
                        "charter %(name)s.",
                        team=team.display_name,
                        name=charter.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        charters = super(
            HypercareCharter, self.with_context(hypercare_charter_creating=True)
        ).create(vals_list)
        charters = charters.with_env(self.env)
        charters._check_one_carrier()
        return charters
