from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestAccess(HypercareCase):
    """Who sees which ticket and charter (SPEC.md "Reliability and security")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_user = new_test_user(
            cls.env, login="hc_other", name="Olga Other", groups="base.group_user"
        )
        cls.outside_champion = new_test_user(
            cls.env,
            login="hc_outside",
            name="Oscar Outside",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        cls.portal = new_test_user(
            cls.env, login="hc_portal", name="Paula Portal", groups="base.group_portal"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign_manager = new_test_user(
            cls.env,
            login="hc_foreign",
            name="Fiona Foreign",
            groups="base.group_user,hypercare_support.group_hypercare_manager",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        Ticket = cls.env[cls.ticket_model]
        carrier = Ticket._hypercare_carrier_vals(cls.charter)
        with freeze_time(NOW):
            cls.mine = (
                Ticket.with_user(cls.user)
                .sudo()
                .create(
                    dict(
                        carrier,
                        name="My invoice is stuck",
                        description="<p>Draft forever</p>",
                        hypercare_reporter_id=cls.user.id,
                    )
                )
            )
            cls.theirs = (
                Ticket.with_user(cls.other_user)
                .sudo()
                .create(
                    dict(
                        carrier,
                        name="Their picking is stuck",
                        description="<p>Waiting</p>",
                        hypercare_reporter_id=cls.other_user.id,
                    )
                )
            )
        cls.tickets = cls.mine | cls.theirs
        cls.domain = [("id", "in", cls.tickets.ids)]

    def _visible(self, user):
        return self.env[self.ticket_model].with_user(user).search(self.domain)

    def test_every_user_is_hypercare_user(self):
        self.assertTrue(self.user.has_group("hypercare_support.group_hypercare_user"))
        self.assertFalse(
            self.portal.has_group("hypercare_support.group_hypercare_user")
        )

    def test_user_sees_only_own_tickets(self):
        self.assertEqual(self._visible(self.user), self.mine)
        self.assertEqual(self._visible(self.other_user), self.theirs)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.user).read(["name"])

    def test_user_cannot_edit_ticket(self):
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user).write(
                {"severity_id": self.sev["critical"].id}
            )
        self.assertEqual(self.mine.severity_id, self.sev["medium"])

    def test_user_reads_charter_not_writes(self):
        charter = self.charter.with_user(self.user)
        self.assertEqual(charter.name, "Go-live Belgium")
        with self.assertRaises(AccessError):
            charter.write({"name": "Renamed"})

    def test_champion_sees_charter_tickets(self):
        self.assertEqual(self._visible(self.champion_user), self.tickets)
        self.mine.with_user(self.champion_user).write(
            {"severity_id": self.sev["high"].id, "triage_decision": "fix"}
        )
        self.assertEqual(self.mine.severity_id, self.sev["high"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.champion_user).unlink()

    def test_champion_of_other_charter_sees_nothing(self):
        self.assertFalse(self._visible(self.outside_champion))
        with self.assertRaises(AccessError):
            self.mine.with_user(self.outside_champion).write({"triage_decision": "fix"})

    def test_manager_sees_all(self):
        self.assertEqual(self._visible(self.manager), self.tickets)

    def test_portal_sees_nothing(self):
        self.assertFalse(self._visible(self.portal))
        with self.assertRaises(AccessError):
            self.mine.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.env["hypercare.charter"].with_user(self.portal).search([])

    def test_other_company_sees_nothing(self):
        self.assertFalse(self._visible(self.foreign_manager))
        self.assertFalse(
            self.env["hypercare.charter"].with_user(self.foreign_manager).search([])
        )
        with self.assertRaises(AccessError):
            self.charter.with_user(self.foreign_manager).read(["name"])
