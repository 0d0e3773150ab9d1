from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.tests.common import HypercareCase
from odoo.addons.hypercare_support.tests.test_access_scope import AccessScopeCases

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHelpdeskScope(HelpdeskCarrier, AccessScopeCases, HypercareCase):
    """On helpdesk tickets: the hypercare groups grant nothing on tickets of
    other teams (helpdesk_mgmt's rule lets every employee do everything on the
    tickets they follow), helpdesk users keep their helpdesk rights, portal
    customers see nothing of hypercare teams."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Customer service", "show_in_portal": True}
        )
        cls.plain_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Invoice copy",
                "description": "<p>Please send it again.</p>",
                "team_id": cls.plain_team.id,
            }
        )
        cls.plain_ticket.message_subscribe(
            (cls.champion_user | cls.manager).partner_id.ids
        )
        cls.helpdesk_champion = new_test_user(
            cls.env,
            login="hc_sc_hd_champion",
            name="Hank Helpdesk",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user,"
            "hypercare_support.group_hypercare_champion",
        )

    def _invite_portal(self):
        """The portal user is the customer of the ticket (and follows it)."""
        ticket = super()._invite_portal()
        ticket.partner_id = self.portal.partner_id
        return ticket

    def test_champion_writes_no_ticket_of_another_team(self):
        # reads it, as helpdesk lets every employee read what they follow
        self.assertTrue(self._sees(self.champion_user, self.plain_ticket))
        with self.assertRaises(AccessError):
            self.plain_ticket.with_user(self.champion_user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.champion_user).create(
                {
                    "name": "Sneaked in",
                    "description": "<p>x</p>",
                    "team_id": self.plain_team.id,
                }
            )
        # the charter's tickets are theirs
        self.ticket.with_user(self.champion_user).write({"triage_decision": "fix"})

    def test_manager_deletes_no_ticket_of_another_team(self):
        with self.assertRaises(AccessError):
            self.plain_ticket.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            self.plain_ticket.with_user(self.manager).write({"name": "Changed"})
        self.assertTrue(self.plain_ticket.exists())

    def test_helpdesk_users_keep_their_rights(self):
        ticket = self.plain_ticket.with_user(self.helpdesk_champion)
        ticket.write({"name": "Invoice copy, sent"})
        self.assertEqual(self.plain_ticket.name, "Invoice copy, sent")
        # a helpdesk user deletes no ticket, hypercare or not
        with self.assertRaises(AccessError):
            ticket.unlink()
        for user, mode, expected in (
            (self.champion_user, "write", False),
            (self.manager, "unlink", False),
            (self.helpdesk_champion, "write", True),
            (self.helpdesk_champion, "unlink", False),
        ):
            with self.subTest(user=user.login, mode=mode):
                self.assertEqual(
                    user._hypercare_has_other_access("helpdesk.ticket", mode), expected
                )

    def test_linking_a_team_takes_helpdesk_rights(self):
        vals = {
            "name": "Go-live customer service",
            "go_live_date": "2026-11-16",
            "planned_end_date": "2026-12-31",
            "team_id": self.plain_team.id,
        }
        with self.assertRaises(AccessError):
            self.env["hypercare.charter"].with_user(self.manager).create(vals)
        self.assertFalse(self.plain_team.hypercare_charter_id)
        self.manager.group_ids = [
            Command.link(self.env.ref("helpdesk_mgmt.group_helpdesk_manager").id)
        ]
        charter = self.env["hypercare.charter"].with_user(self.manager).create(vals)
        self.assertEqual(self.plain_team.hypercare_charter_id, charter)

    def test_portal_sees_no_hypercare_team(self):
        Team = self.env["helpdesk.ticket.team"].with_user(self.portal)
        self.charter.team_id.show_in_portal = True
        self.assertEqual(
            Team.search([("id", "in", (self.charter.team_id | self.plain_team).ids)]),
            self.plain_team,
        )
        # a customer of a ticket outside hypercare sees it, as without us
        self.plain_ticket.partner_id = self.portal.partner_id
        self.assertTrue(self._sees(self.portal, self.plain_ticket))
