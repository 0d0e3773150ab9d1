import ast
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestCriticalAlert(HypercareCase):
    """A critical ticket is announced at once to the incident lead and the
    on-call champions of its function; the war room lists it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,hypercare_support.group_hypercare_champion"
        cls.off_call = new_test_user(
            cls.env, login="hc_off", name="Olga Offcall", groups=groups
        )
        cls.sales = new_test_user(
            cls.env,
            login="hc_sales",
            name="Sam Sales",
            groups=groups,
            notification_type="email",
        )
        cls.env["hypercare.champion"].create(
            [
                {
                    "charter_id": cls.charter.id,
                    "user_id": cls.off_call.id,
                    "function": "Finance",
                    "on_call": False,
                },
                {
                    "charter_id": cls.charter.id,
                    "user_id": cls.sales.id,
                    "function": "Sales",
                    "on_call": True,
                },
            ]
        )

    def _alert_activities(self, ticket):
        return ticket.activity_ids.filtered(lambda a: "Critical issue" in a.summary)

    def _alerts(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: "Critical issue raised" in (m.body or "")
        )

    def _alert_mails(self, ticket):
        return self.env["mail.mail"].search(
            [
                ("model", "=", ticket._name),
                ("res_id", "=", ticket.id),
                ("subject", "like", "Critical issue"),
            ]
        )

    def test_raised_critical_alerts_lead_and_on_call_of_its_function(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "critical", name="Cannot invoice", business_function="finance"
            )
        expected = self.manager | self.champion_user
        self.assertEqual(self._alert_activities(ticket).user_id, expected)
        # an e-mail each, and the notification of the post (inbox or e-mail)
        self.assertEqual(self._alert_mails(ticket).recipient_ids, expected.partner_id)
        message = self._alerts(ticket)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.notification_ids.res_partner_id, expected.partner_id)
        self.assertTrue(ticket.hypercare_critical_alerted)
        # saved again as critical: no second alert
        ticket.write({"severity_id": ticket.severity_id.id, "name": "Cannot invoice!"})
        self.assertEqual(len(self._alerts(ticket)), 1)

    def test_regraded_to_critical_alerts_once_per_time(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high", name="Slow picking", business_function="Sales"
            )
        self.assertFalse(self._alerts(ticket))
        with freeze_time(NOW + HOUR):
            ticket.with_user(self.champion_user).action_hypercare_set_severity(
                "critical"
            )
        self.assertEqual(
            self._alert_activities(ticket).user_id, self.manager | self.sales
        )
        self.assertEqual(len(self._alerts(ticket)), 1)
        # Sam reads his notifications by e-mail: the post's e-mail reaches him
        self.assertIn(self.sales.partner_id, self._alert_mails(ticket).recipient_ids)
        # down and up again: a new alert
        ticket.severity_id = self.sev["high"]
        self.assertFalse(ticket.hypercare_critical_alerted)
        ticket.severity_id = self.sev["critical"]
        self.assertEqual(len(self._alerts(ticket)), 2)

    def test_no_alert_without_function_match_or_on_closed_charter(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical", business_function="Warehouse")
        # the incident lead alone
        self.assertEqual(self._alert_activities(ticket).user_id, self.manager)
        # no function known: every on-call champion (Olga is off call)
        with freeze_time(NOW):
            unrouted = self._create_ticket("critical", business_function=False)
        self.assertEqual(
            self._alert_activities(unrouted).user_id,
            self.manager | self.champion_user | self.sales,
        )
        self.charter.bau_contact_id = self.manager
        with freeze_time(NOW + HOUR):
            self.charter.with_user(self.manager).action_close(override_reason="Go")
            quiet = self._create_ticket("critical", business_function="Finance")
        self.assertFalse(self._alerts(quiet))

    def test_plain_user_report_regraded_by_champion_reaches_on_call(self):
        """As the people are set up: an end user off the roster raises an
        issue from a screen no routing knows; a champion regrades it to
        critical from the board. The on-call champions hear of it, the
        reporter does not."""
        partner = self.env["res.partner"].create({"name": "Acme Logistics"})
        with freeze_time(NOW):
            action = (
                self.env["hypercare.report.issue"]
                .with_user(self.user)
                .with_context(
                    default_source_model=partner._name,
                    default_source_res_id=partner.id,
                )
                .create(
                    {
                        "name": "Billing run stopped",
                        "description": "Nobody can invoice",
                        "impact": "blocked",
                    }
                )
                .action_submit()
            )
        ticket = self.env["project.task"].browse(action["res_id"])
        self.assertFalse(ticket.business_function)
        self.assertFalse(self._alerts(ticket))
        with freeze_time(NOW + HOUR):
            ticket.with_user(self.champion_user).action_hypercare_set_severity(
                "critical"
            )
        recipients = self.manager | self.champion_user | self.sales
        self.assertEqual(self._alert_activities(ticket).user_id, recipients)
        # the champion who regraded it is its author: the others are notified
        self.assertEqual(
            self._alerts(ticket).notification_ids.res_partner_id,
            (self.manager | self.sales).partner_id,
        )
        self.assertNotIn(
            self.user.partner_id, self._alerts(ticket).notification_ids.res_partner_id
        )

    def test_war_room(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical", business_function="Finance")
            self._create_ticket("high", name="Not critical")
            done = self._create_ticket("critical", name="Solved")
            self._resolve(done)
            ticket.message_post(body="Partner is on it", message_type="comment")
        action = self.env.ref("hypercare_support.project_task_war_room_action")
        with freeze_time(NOW + 3 * HOUR):
            rows = (
                self.env["project.task"]
                .with_user(self.champion_user)
                .search(
                    [("hypercare_charter_id", "=", self.charter.id)]
                    + ast.literal_eval(action.domain)
                )
            )
            self.assertEqual(rows, ticket)
            self.assertAlmostEqual(rows.hypercare_open_hours, 3.0)
            self.assertEqual(rows.hypercare_last_message, "Partner is on it")
