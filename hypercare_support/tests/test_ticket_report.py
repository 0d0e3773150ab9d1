from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.models.hypercare_ticket_report_hook import (
    REPORT_FIELDS,
)

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestTicketReport(HypercareCase):
    """The reporting model: one row per ticket of every carrier, for
    champions and managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outside_champion = new_test_user(
            cls.env,
            login="hc_outside",
            name="Oscar Outside",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )

    def _rows(self, charter=None, user=None):
        Report = self.env["hypercare.ticket.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([("charter_id", "=", (charter or self.charter).id)])

    def test_one_row_per_ticket(self):
        with freeze_time(NOW):
            open_high = self._create_ticket("high", user_ids=[self.champion_user.id])
            critical = self._create_ticket("critical", issue_type="how_to")
            resolved = self._create_ticket("medium")
            cancelled = self._create_ticket("low")
        with freeze_time(NOW + timedelta(hours=1)):
            self._resolve(resolved)
            self._cancel(cancelled)
        tickets = open_high | critical | resolved | cancelled
        self.env.invalidate_all()
        rows = {row.res_id: row for row in self._rows()}
        self.assertEqual(set(rows), set(tickets.ids))
        for ticket in tickets:
            row = rows[ticket.id]
            self.assertEqual(row.res_model, self.ticket_model)
            self.assertEqual(row.res_model_id.model, self.ticket_model)
            self.assertEqual(row.company_id, self.charter.company_id)
            self.assertEqual(row.user_id, ticket._hypercare_owner())
            for column, fname in REPORT_FIELDS.items():
                self.assertEqual(row[column], ticket[fname], column)
        self.assertEqual(rows[open_high.id].user_id, self.champion_user)
        self.assertEqual(rows[resolved.id].state, "done")
        self.assertEqual(rows[cancelled.id].state, "cancelled")
        self.assertFalse(rows[cancelled.id].is_open)

    def test_pending_writes_are_read(self):
        """A ticket changed in the transaction is read as changed."""
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
            ticket.severity_id = self.sev["critical"]
            [row] = self._rows()
        self.assertEqual(row.severity_level, "critical")

    def test_champions_and_managers_only(self):
        with freeze_time(NOW):
            self._create_ticket("high")
            other = self._create_charter(
                name="Go-live Netherlands",
                champion_ids=[
                    (
                        0,
                        0,
                        {
                            "user_id": self.outside_champion.id,
                            "function": "Sales",
                            "support_layer": "l1",
                        },
                    )
                ],
            )
            self._create_ticket("medium", charter=other)
        # a user outside the charters' staff reads no row
        self.assertFalse(self._rows(user=self.user))
        self.assertEqual(len(self._rows(user=self.champion_user)), 1)
        # the pivot's groups, carrier and owner included, as a champion
        groups = (
            self.env["hypercare.ticket.report"]
            .with_user(self.champion_user)
            .formatted_read_group(
                [], ["res_model_id", "severity_level", "user_id"], ["__count"]
            )
        )
        self.assertEqual([group["__count"] for group in groups], [1])
        carrier = self.env["ir.model"]._get(self.ticket_model)
        self.assertEqual(groups[0]["res_model_id"], (carrier.id, carrier.name))
        self.assertFalse(self._rows(other, user=self.champion_user))
        self.assertEqual(len(self._rows(other, user=self.outside_champion)), 1)
        self.assertEqual(len(self._rows(user=self.manager)), 1)
        self.assertEqual(len(self._rows(other, user=self.manager)), 1)
        self.assertNotIn("name", self.env["hypercare.ticket.report"]._fields)

    def test_standup_analysis_opens_the_report(self):
        action = self.env.ref("hypercare_support.hypercare_ticket_report_action")
        arch = (
            self.env["hypercare.charter"]
            .with_user(self.champion_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(f'name="{action.id}"', arch)
        self.assertEqual(action.res_model, "hypercare.ticket.report")
        menu = self.env.ref("hypercare_support.hypercare_ticket_report_menu")
        self.assertEqual(menu.action, action)
        views = (
            self.env["hypercare.ticket.report"]
            .with_user(self.champion_user)
            .get_views([(False, "pivot"), (False, "graph"), (False, "search")])
        )
        self.assertIn('name="severity_level"', views["views"]["pivot"]["arch"])
        self.assertIn('name="charter_id"', views["views"]["search"]["arch"])
