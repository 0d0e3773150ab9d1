from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KnowledgeCase


@tagged("-at_install", "post_install")
class TestKnowledgePhone(KnowledgeCase):
    """At 390 px the list of pages cut every title after a few letters: the
    Knowledge menu offers the pages' cards, the phone's first view."""

    def test_knowledge_opens_as_cards_for_a_user(self):
        page = self._page("How to reprint a delivery slip", "<p>Print it.</p>")
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.user)
            ._for_xml_id("hypercare_support_knowledge.document_page_hypercare_action")
        )
        modes = [mode for _view_id, mode in action["views"]]
        self.assertIn("kanban", modes)
        self.assertEqual(action["mobile_view_mode"], "kanban")
        Page = self.env["document.page"].with_user(self.user)
        view_id = action["views"][modes.index("kanban")][0]
        views = Page.get_views([(view_id, "kanban")])
        self.assertIn('name="name"', views["views"]["kanban"]["arch"])
        fnames = ["name", "write_date", "content_uid", "parent_id", "type"]
        records = Page.search_read(safe_eval(action["domain"]), fnames)
        self.assertIn(page.id, [record["id"] for record in records])
