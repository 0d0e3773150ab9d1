from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestDemoWalk(HypercareCase):
    """Screens a role reaches in the demo walk open without an access error."""

    def test_charter_form_opens_for_champion_and_user(self):
        """The charter's name on a roster line, a known issue or an exit
        criterion is a link: the charter form opens for a champion and a User
        (the issue routing, whose screens are ir.model, is for managers)."""
        self.env["hypercare.function.mapping"].create(
            {
                "charter_id": self.charter.id,
                "function": "Sales",
                "model_ids": [Command.set(self.env.ref("base.model_res_partner").ids)],
            }
        )
        for user in (self.champion_user, self.user):
            with self.subTest(user=user.login):
                form = Form(self.charter.with_user(user))
                self.assertEqual(form.name, self.charter.name)
        form = Form(self.charter.with_user(self.manager))
        self.assertIn("function_mapping_ids", form._view["fields_spec"])

    def test_partner_contact_opens_dashboard_and_standup(self):
        """The partner contact, a plain internal user, is staff: the dashboard
        and the stand-up open for them (the watch tile counts rules they
        cannot read themselves)."""
        partner = new_test_user(
            self.env, login="hc_walk_partner", groups="base.group_user"
        )
        self.charter.partner_contact_id = partner
        self.env["hypercare.watch.rule"].create(
            {
                "charter_id": self.charter.id,
                "name": "Failing scheduled actions",
                "model_name": "res.partner",
            }
        )
        charter = self.charter.with_user(partner)
        with freeze_time(NOW):
            data = charter.get_hypercare_dashboard_data(charter_id=self.charter.id)
            self.assertIn(self.charter.name, charter.standup_html)
        keys = [tile["key"] for tile in data["tiles"]]
        self.assertIn("watch_tripped", keys)
