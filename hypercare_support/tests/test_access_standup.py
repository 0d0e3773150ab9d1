from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase

STANDUP = "hypercare_support.report_hypercare_standup"
EXIT = "hypercare_support.report_hypercare_exit"


@tagged("-at_install", "post_install")
class TestStandupAccess(HypercareCase):
    """The stand-up, its PDF and e-mail, the reports and the charter's chatter
    name tickets: for the charter's champions and the hypercare managers only.
    A User reads the charter's name, window and roster, never other users'
    ticket names (SPEC.md "Reliability and security")."""

    SECRET = "Payroll run blocked for all staff"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_champion = new_test_user(
            cls.env,
            login="hc_su_other_champion",
            name="Otis Otherchampion",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        with freeze_time(NOW):
            # an open critical ticket: a blocker the stand-up lists by name
            cls.blocker = cls.env[cls.ticket_model].create(
                dict(
                    cls.env[cls.ticket_model]._hypercare_carrier_vals(cls.charter),
                    **cls._ticket_vals(
                        {
                            "name": cls.SECRET,
                            "severity_id": cls.sev["critical"].id,
                            "hypercare_reporter_id": cls.manager.id,
                        }
                    ),
                )
            )

    def _render(self, user, report=STANDUP):
        Report = self.env["ir.actions.report"].with_user(user)
        with freeze_time(NOW):
            html, _type = Report._render_qweb_html(report, self.charter.ids)
        return html.decode()

    def test_user_reads_the_charter_not_its_tickets(self):
        charter = self.charter.with_user(self.user)
        # what the report dialog needs
        charter.read(["name", "go_live_date", "planned_end_date", "state"])
        charter.champion_ids.read(["name", "function", "support_layer", "phone"])
        # never the stand-up
        self.assertFalse(charter.standup_html)
        for refused in (
            charter._hypercare_standup_data,
            charter.action_send_standup,
            lambda: self._render(self.user),
            lambda: self._render(self.user, EXIT),
        ):
            with self.subTest(refused=refused), self.assertRaises(AccessError):
                refused()
        with self.assertRaises(AccessError):
            self.blocker.with_user(self.user).read(["name"])

    def test_champion_of_another_charter_gets_no_standup(self):
        charter = self.charter.with_user(self.other_champion)
        self.assertFalse(charter.standup_html)
        with self.assertRaises(AccessError):
            self._render(self.other_champion)

    def test_staff_get_the_standup(self):
        for user in (self.champion_user, self.manager):
            with self.subTest(user=user.login), freeze_time(NOW):
                charter = self.charter.with_user(user)
                self.assertIn(self.SECRET, charter.standup_html)
                self.assertIn(self.SECRET, self._render(user))
                self.assertIn(self.charter.name, self._render(user, EXIT))
                blockers = charter._hypercare_standup_data()["blockers"]
                self.assertIn(self.SECRET, " ".join(b["name"] for b in blockers))

    def test_report_actions_offered_to_champions(self):
        for xmlid in ("hypercare_standup_report", "hypercare_exit_report"):
            action = self.env.ref(f"hypercare_support.{xmlid}")
            self.assertEqual(
                action.group_ids,
                self.env.ref("hypercare_support.group_hypercare_champion"),
            )

    def test_charter_chatter_is_for_the_staff(self):
        """The stand-up e-mail and the breach digest are posted on the charter:
        a User finds neither, a champion of the charter both."""
        with freeze_time(NOW):
            self.charter.with_user(self.manager).action_send_standup()
            self.charter._hypercare_breach_digest(self.blocker)
        domain = [("model", "=", "hypercare.charter"), ("res_id", "=", self.charter.id)]
        Message = self.env["mail.message"]
        for user, sees in (
            (self.user, False),
            (self.other_champion, False),
            (self.champion_user, True),
        ):
            with self.subTest(user=user.login):
                bodies = " ".join(
                    str(body)
                    for body in Message.with_user(user).search(domain).mapped("body")
                )
                self.assertEqual(self.SECRET in bodies, sees)
        messages = Message.search(domain)
        self.assertTrue(messages)
        with self.assertRaises(AccessError):
            messages.with_user(self.user).read(["body"])
