from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KnowledgeCase


@tagged("-at_install", "post_install")
class TestKnowledgeCombinedActors(KnowledgeCase):
    """A document user who also holds a hypercare group gains nothing on the
    company's pages outside hypercare from the combination (SPEC: combined
    actors): document_page lets its users read them, no more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handbook = cls.env["document.page"].create(
            {"name": "Company handbook", "content": "<p>Welcome.</p>"}
        )
        cls.knowledge_champion = new_test_user(
            cls.env,
            login="hc_doc_champion",
            name="Dora Champion",
            groups="base.group_user,document_knowledge.group_document_user,"
            "hypercare_support.group_hypercare_champion",
        )
        cls.env["hypercare.champion"].create(
            {
                "charter_id": cls.charter.id,
                "user_id": cls.knowledge_champion.id,
                "function": "Sales",
            }
        )
        cls.knowledge_manager = new_test_user(
            cls.env,
            login="hc_doc_manager",
            name="Dora Manager",
            groups="base.group_user,document_knowledge.group_document_user,"
            "hypercare_support.group_hypercare_manager",
        )
        cls.category = cls.charter._hypercare_knowledge_category()

    def test_champion_knowledge_user(self):
        Page = self.env["document.page"].with_user(self.knowledge_champion)
        # reads the handbook, as a document user does
        self.assertEqual(
            self.handbook.with_user(self.knowledge_champion).name, "Company handbook"
        )
        with self.assertRaises(AccessError):
            self.handbook.with_user(self.knowledge_champion).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            Page.create({"name": "A page outside hypercare"})
        # and still writes the pages of the charter they serve
        page = Page.create({"name": "Reprint a slip", "parent_id": self.category.id})
        page.write({"content": "<p>Print &gt; Slip.</p>"})
        self.assertEqual(page.hypercare_charter_id, self.charter)
        self.assertEqual(self.handbook.name, "Company handbook")

    def test_manager_knowledge_user(self):
        handbook = self.handbook.with_user(self.knowledge_manager)
        self.assertEqual(handbook.name, "Company handbook")
        with self.assertRaises(AccessError):
            handbook.unlink()
        with self.assertRaises(AccessError):
            handbook.write({"name": "Renamed"})
        self.assertTrue(self.handbook.exists())
        page = (
            self.env["document.page"]
            .with_user(self.knowledge_manager)
            .create({"name": "Close the month", "parent_id": self.category.id})
        )
        page.unlink()
