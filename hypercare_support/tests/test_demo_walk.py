from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.translate import code_translations

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

    def test_board_stages_in_the_users_language(self):
        """Claire works in French: the stages of a new charter's board are
        translated into every installed language, not stored in English."""
        self.env["res.lang"]._activate_lang("fr_BE")
        french = {"In progress": "En cours", "Waiting for user": "En attente"}
        original = code_translations.get_python_translations

        def translations(module, lang):
            if module == "hypercare_support" and lang == "fr_BE":
                return french
            return original(module, lang)

        with patch.object(code_translations, "get_python_translations", translations):
            charter = self._create_charter(name="Second go-live")
        stages = charter.project_id.type_ids.sorted("sequence")
        self.assertEqual(
            stages.with_context(lang="fr_BE").mapped("name"),
            ["New", "Triaged", "En cours", "En attente", "Resolved"],
        )
        self.assertEqual(
            stages.with_context(lang="en_US").mapped("name")[2], "In progress"
        )

    def test_my_issues_open_as_cards_on_a_phone(self):
        """At 390 px the list of My issues cut every title after a few
        letters: the action offers a kanban, the phone's first view."""
        action = (
            self.env["hypercare.report.issue"].with_user(self.user).action_my_issues()
        )
        modes = [mode for _view_id, mode in action["views"]]
        self.assertIn("kanban", modes)
        self.assertEqual(action["mobile_view_mode"], "kanban")
        view_id = action["views"][modes.index("kanban")][0]
        model = self.env[action["res_model"]].with_user(self.user)
        arch = model.get_views([(view_id, "kanban")])["views"]["kanban"]["arch"]
        for fname in ("name", "stage_id", "severity_id", "date_reported"):
            self.assertIn(f'name="{fname}"', arch)

    def test_exit_gate_opens_on_its_criteria(self):
        """Exit gate > Exit criteria groups by charter: the groups open at
        once (a champion saw one folded line, "Odoo go-live (16)")."""
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.champion_user)
            ._for_xml_id("hypercare_support.hypercare_exit_criterion_action")
        )
        self.assertIn("group_charter", action["context"])
        Criterion = self.env["hypercare.exit.criterion"].with_user(self.champion_user)
        arch = Criterion.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertEqual(etree.fromstring(arch).get("expand"), "1")

    def test_dashboard_menu_for_the_staff(self):
        """The partner contact (a plain internal user) finds the dashboard
        in the menu once the charter names them; other users never do."""
        partner = new_test_user(
            self.env, login="hc_walk_menu", groups="base.group_user"
        )
        root = self.env.ref("hypercare_support.hypercare_menu_root")
        dashboard = self.env.ref("hypercare_support.hypercare_dashboard_menu")

        def children(user):
            menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
            return menus[root.id]["children"]

        self.assertNotIn(dashboard.id, children(partner))
        self.charter.partner_contact_id = partner
        self.charter.flush_recordset()
        self.assertEqual(children(partner)[0], dashboard.id)
        self.assertNotIn(dashboard.id, children(self.user))
        self.assertEqual(children(self.champion_user)[0], dashboard.id)
