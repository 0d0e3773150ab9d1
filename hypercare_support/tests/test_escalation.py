from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.orm.environments import Environment
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase
from .test_handover import HandoverMixin

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestEscalation(HandoverMixin, HypercareCase):
    """Escalation moves the work: a reason, the L3 / L4 owner assigned and
    told, the time at each layer kept; the scan takes the same path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,hypercare_support.group_hypercare_champion"
        cls.partner_user = new_test_user(
            cls.env, login="hc_partner", name="Paula Partner", groups=groups
        )
        cls.vendor_user = new_test_user(
            cls.env, login="hc_vendor", name="Victor Vendor", groups=groups
        )
        cls.charter.write(
            {
                "partner_contact_id": cls.partner_user.id,
                "vendor_liaison_id": cls.vendor_user.id,
            }
        )

    def _stays(self, ticket):
        return self.env["hypercare.ticket.layer"].search(
            [("res_model", "=", ticket._name), ("res_id", "=", ticket.id)],
            order="date_start, id",
        )

    def _ticket(self, level="medium"):
        with freeze_time(NOW):
            return self._create_ticket(
                level, name="Payment run fails", **self._owner_vals(self.champion_user)
            )

    def test_bad_input_changes_nothing(self):
        ticket = self._ticket()
        as_champion = ticket.with_user(self.champion_user)
        for reason in (None, "", "   "):
            with self.subTest(reason=reason), self.assertRaises(UserError):
                as_champion.action_hypercare_escalate(reason)
        # the dialog asks for the reason, and refuses an empty one
        action = as_champion.with_context(
            hypercare_escalate_dialog=True
        ).action_hypercare_escalate()
        self.assertEqual(action["res_model"], "hypercare.ticket.escalate")
        wizard = (
            self.env["hypercare.ticket.escalate"]
            .with_user(self.champion_user)
            .with_context(**action["context"])
            .create({"reason": " "})
        )
        with self.assertRaises(UserError):
            wizard.action_escalate()
        # a user is no champion: refused
        with self.assertRaises(UserError):
            ticket.with_user(self.user).action_hypercare_escalate("Please")
        self.assertEqual(ticket.support_layer, "l1")
        self.assertFalse(self._stays(ticket))
        # beyond L4: refused
        ticket.sudo().support_layer = "l4"
        stays = self._stays(ticket)
        with self.assertRaisesRegex(UserError, "L4"):
            as_champion.action_hypercare_escalate("Even higher")
        self.assertEqual(ticket.support_layer, "l4")
        self.assertEqual(self._stays(ticket), stays)

    def test_layers_owners_and_time_per_layer(self):
        ticket = self._ticket()
        as_champion = ticket.with_user(self.champion_user)
        with freeze_time(NOW + 2 * HOUR):
            as_champion.action_hypercare_escalate("Needs the functional lead")
        self.assertEqual(ticket.support_layer, "l2")
        self.assertEqual(self._owners(ticket), self.champion_user)
        with freeze_time(NOW + 5 * HOUR):
            action = as_champion.with_context(
                hypercare_escalate_dialog=True
            ).action_hypercare_escalate()
            self.env["hypercare.ticket.escalate"].with_user(
                self.champion_user
            ).with_context(**action["context"]).create(
                {"reason": "Posting engine bug: the partner must fix it"}
            ).action_escalate()
        # L3: the partner contact owns it and is told
        self.assertEqual(ticket.support_layer, "l3")
        self.assertEqual(self._owners(ticket), self.partner_user)
        self.assertIn(
            self.champion_user.partner_id, ticket.message_follower_ids.partner_id
        )
        activity = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.partner_user
        )
        self.assertEqual(len(activity), 1)
        note = ticket.message_ids.filtered(
            lambda m: "the partner must fix it" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn(self.partner_user.partner_id, note.partner_ids)
        with freeze_time(NOW + 6 * HOUR):
            as_champion.action_hypercare_escalate("Kernel bug")
        self.assertEqual(ticket.support_layer, "l4")
        self.assertEqual(self._owners(ticket), self.vendor_user)
        self.assertTrue(
            ticket.activity_ids.filtered(lambda a: a.user_id == self.vendor_user)
        )
        with freeze_time(NOW + 10 * HOUR):
            self._resolve(ticket)
        stays = self._stays(ticket)
        self.assertEqual(stays.mapped("support_layer"), ["l1", "l2", "l3", "l4"])
        self.assertEqual(stays.mapped("hours"), [2.0, 3.0, 1.0, 4.0])
        self.assertEqual(stays[1].reason, "Posting engine bug: the partner must fix it")
        # the analysis: hours per layer, champions of the charter may read it
        groups = (
            self.env["hypercare.ticket.layer"]
            .with_user(self.champion_user)
            ._read_group(
                [("charter_id", "=", self.charter.id)],
                ["support_layer"],
                ["hours:sum"],
            )
        )
        self.assertEqual(dict(groups), {"l1": 2.0, "l2": 3.0, "l3": 1.0, "l4": 4.0})
        # a user outside the charter's staff sees none of it
        self.assertFalse(
            self.env["hypercare.ticket.layer"].with_user(self.user).search([])
        )
        # and on the dashboard: the partner's and the vendor's share of it
        sections = self.charter.with_user(self.manager)._hypercare_dashboard_sections()
        tile = next(t for t in sections["tiles"] if t["key"] == "partner_share")
        self.assertEqual(tile["value"], 50.0)
        chart = next(c for c in sections["charts"] if c["key"] == "hours_per_layer")
        self.assertEqual(chart["datasets"][0]["data"], [2.0, 3.0, 1.0, 4.0])

    def test_stays_in_progress_count_once(self):
        """The hours per layer count the stays still running, up to now, and
        count each stay once when it ends (issue 25, item 12)."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Invoice print fails")
            self._create_ticket("low", name="Label typo")
        as_champion = ticket.with_user(self.champion_user)
        with freeze_time(NOW + HOUR):
            as_champion.action_hypercare_escalate("Needs the partner")
            as_champion.action_hypercare_escalate("Needs the partner")
        self.assertEqual(ticket.support_layer, "l3")

        def hours_at(moment):
            with freeze_time(moment):
                sections = self.charter.with_user(
                    self.manager
                )._hypercare_dashboard_sections()
            chart = next(c for c in sections["charts"] if c["key"] == "hours_per_layer")
            tile = next(t for t in sections["tiles"] if t["key"] == "partner_share")
            return chart["datasets"][0]["data"], tile["value"]

        # L1: the P2's first hour and the P4's four hours; L3: three hours so far
        self.assertEqual(hours_at(NOW + 4 * HOUR), ([5.0, 0.0, 3.0, 0.0], 37.5))
        with freeze_time(NOW + 5 * HOUR):
            self._resolve(ticket)
        # the P2 left L3 after 4 h, resolved; the P4 is still running at L1
        self.assertEqual(hours_at(NOW + 7 * HOUR), ([8.0, 0.0, 4.0, 0.0], 33.3))

    def test_stays_in_progress_from_the_dashboard_scan(self):
        """Within the dashboard's request the stays in progress come from its
        one scan of the report, with the figures of the charter's own query:
        no second read of the open tickets (issue 26, item 14)."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Invoice print fails")
            self._create_ticket("low", name="Label typo")
        with freeze_time(NOW + HOUR):
            ticket.with_user(self.champion_user).action_hypercare_escalate(
                "Needs the partner"
            )
        charter = self.charter.with_user(self.manager)
        Report = self.env["hypercare.ticket.report"]
        statements = []
        original = Environment.execute_query

        def recorded(env, query):
            statements.append(query.code)
            return original(env, query)

        self.env.invalidate_all()
        with (
            freeze_time(NOW + 4 * HOUR),
            patch.object(Environment, "execute_query", recorded),
        ):
            data = charter.get_hypercare_dashboard_data(charter_id=self.charter.id)
            report = Report._table_sql.code
        with freeze_time(NOW + 4 * HOUR):
            own = charter._hypercare_dashboard_sections()
        key = "hours_per_layer"
        chart = next(c for c in data["charts"] if c["key"] == key)
        expected = next(c for c in own["charts"] if c["key"] == key)
        # L1: the P2's first hour and the P4's four hours; L2: three hours so far
        self.assertEqual(chart["datasets"][0]["data"], [5.0, 3.0, 0.0, 0.0])
        self.assertEqual(chart["datasets"], expected["datasets"])
        self.assertTrue(statements)
        for code in statements:
            self.assertNotIn("hypercare_layer_since", code.replace(report, ""))

    def test_scan_escalates_the_same_way(self):
        """A breached P2 at L2: the scan escalates it to L3, the partner
        contact owns it, gets the activity, and the stay is kept."""
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high",
                name="Shipping blocked",
                support_layer="l2",
                **self._owner_vals(self.champion_user),
            )
        with freeze_time(NOW + 17 * HOUR):
            self._scan()
        self.assertEqual(ticket.support_layer, "l3")
        self.assertEqual(self._owners(ticket), self.partner_user)
        self.assertTrue(
            ticket.activity_ids.filtered(
                lambda a: a.user_id == self.partner_user and a.summary == "SLA breached"
            )
        )
        stay = self._stays(ticket)
        self.assertEqual(stay.support_layer, "l2")
        self.assertEqual(stay.hours, 17.0)
        self.assertIn("automatically", stay.reason)
