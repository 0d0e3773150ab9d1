from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestReportCharter(HypercareCase):
    """Issue 29, item 15: the report dialog names the go-live it files to,
    and a user taking part in two running go-lives chooses; as a plain
    internal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.wave2 = cls._create_charter(
                name="Go-live Belgium, wave 2", go_live_date="2026-11-20"
            )
        cls.Wizard = cls.env["hypercare.report.issue"].with_user(cls.user)

    def _submit(self, wizard):
        with freeze_time(NOW):
            action = wizard.action_submit()
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_dialog_names_the_newest_and_lets_choose(self):
        view = self.env.ref("hypercare_support.hypercare_report_issue_view_form")
        form = Form(self.Wizard, view=view)
        self.assertEqual(form.charter_id, self.wave2)
        self.assertEqual(form.charter_count, 2)
        form.charter_id = self.charter
        form.name = "Cannot post the invoice"
        form.description = "Error on posting"
        ticket = self._submit(form.save())
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.project_id, self.charter.project_id)

    def test_one_charter_is_shown_read_only(self):
        self.wave2.sudo().write({"active": False})
        view = self.env.ref("hypercare_support.hypercare_report_issue_view_form")
        form = Form(self.Wizard, view=view)
        self.assertEqual(form.charter_id, self.charter)
        self.assertEqual(form.charter_count, 1)
        with self.assertRaises(AssertionError):
            form.charter_id = self.wave2

    def test_only_running_charters_of_my_company(self):
        domain = self.Wizard._hypercare_charter_domain()
        Charter = self.env["hypercare.charter"].with_user(self.user)
        self.assertEqual(Charter.search(domain), self.charter | self.wave2)
        other = self.env["res.company"].create({"name": "Other Co"})
        self.user.sudo().company_ids = [(4, other.id)]
        lead = new_test_user(
            self.env,
            login="hc_other_lead",
            groups="base.group_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with freeze_time(NOW):
            foreign = self._create_charter(
                name="Go-live Other Co",
                company_id=other.id,
                calendar_id=False,
                incident_lead_id=lead.id,
                champion_ids=[
                    Command.create(
                        {"user_id": lead.id, "function": "Finance", "on_call": True}
                    )
                ],
            )
        self.assertNotIn(foreign, Charter.search(domain))
        wizard = self.Wizard.create(
            {"charter_id": foreign.id, "name": "Wrong one", "description": "x"}
        )
        with self.assertRaisesRegex(UserError, "another company"):
            self._submit(wizard)
        self.wave2.sudo().with_context(hypercare_state_action=True).write(
            {"state": "closed"}
        )
        self.assertEqual(Charter.search(domain), self.charter)

    def test_me_too_keeps_the_chosen_charter(self):
        issue = self.env["hypercare.known.issue"].create(
            {"charter_id": self.charter.id, "name": "Posting error"}
        )
        action = self.Wizard.browse().action_me_too(
            issue.id,
            values={
                "charter_id": self.charter.id,
                "name": "Cannot post",
                "description": "Same",
            },
        )
        ticket = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.hypercare_known_issue_id, issue)
