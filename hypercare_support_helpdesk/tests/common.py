from odoo import Command

from odoo.addons.hypercare_support.tests.common import HypercareCase


class HelpdeskCarrier:
    """Carrier mixin for the shared hypercare tests: the charter's tickets are
    the helpdesk tickets of its team, on helpdesk_mgmt's default stages (New,
    In Progress, Awaiting = pauses SLA, Done = closed, Cancelled/Rejected =
    cancel). Put it before the shared test class:
    ``class TestSlaHelpdesk(HelpdeskCarrier, test_sla.TestSla)``."""

    ticket_model = "helpdesk.ticket"
    carrier_field = "team_id"
    owner_field = "user_id"
    floor_ticket_field = "helpdesk_ticket_id"
    # run the test methods inherited from the shared test class
    allow_inherited_tests_method = True

    @classmethod
    def _charter_vals(cls):
        vals = super()._charter_vals()
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": f"Hypercare {vals['name']}",
                "company_id": cls.env.company.id,
                "user_ids": [Command.set((cls.champion_user | cls.manager).ids)],
            }
        )
        vals["team_id"] = team.id
        return vals

    @classmethod
    def _ticket_vals(cls, vals):
        values = {"description": "<p>The invoice stays in draft.</p>"}
        # the shared tests name the owner the project.task way
        owners = vals.pop("user_ids", None)
        if owners is not None:
            values["user_id"] = owners[0] if owners else False
        values.update(vals)
        return values

    def _stage(self, ticket, **flags):
        """The first stage of the ticket's team matching project-style flags:
        ``hypercare_resolves`` means closed without cancelling."""
        stages = ticket._hypercare_stages()
        if "hypercare_resolves" in flags:
            resolves = flags.pop("hypercare_resolves")
            stages = stages.filtered(
                lambda s: bool(s.closed and not s.hypercare_cancels) == resolves
            )
        for flag, value in flags.items():
            stages = stages.filtered(lambda s, f=flag, v=value: s[f] == v)
        return stages[:1]

    def _cancel(self, ticket):
        ticket.write({"stage_id": self._stage(ticket, hypercare_cancels=True).id})


class HelpdeskHypercareCase(HelpdeskCarrier, HypercareCase):
    """Shared fixture with a charter carried by a helpdesk team."""
