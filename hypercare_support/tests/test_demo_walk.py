from odoo import Command
from odoo.tests import Form, tagged

from .common import HypercareCase


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
