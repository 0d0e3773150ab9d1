from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KnowledgeCase


@tagged("-at_install", "post_install")
class TestKnowledgeAccess(KnowledgeCase):
    """Users read their charter's pages, its champions write them, pages
    outside hypercare stay as document_page shows them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.page = cls.env["document.page"].create(
            {
                "name": "How to reprint a delivery slip",
                "parent_id": cls.charter._hypercare_knowledge_category().id,
                "content": "<p>Print &gt; Delivery Slip.</p>",
            }
        )
        cls.outside = cls.env["document.page"].create(
            {"name": "Company handbook", "content": "<p>Welcome.</p>"}
        )
        other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign_user = new_test_user(
            cls.env,
            login="hc_foreign",
            name="Fred Foreign",
            groups="base.group_user",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )

    def _visible(self, user):
        return (
            self.env["document.page"]
            .with_user(user)
            .search([("id", "in", (self.page | self.outside).ids)])
        )

    def test_user_reads_charter_pages_only(self):
        self.assertEqual(self._visible(self.user), self.page)
        self.assertIn("Delivery Slip", self.page.with_user(self.user).content)
        with self.assertRaises(AccessError):
            self.page.with_user(self.user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.outside.with_user(self.user).read(["name"])

    def test_user_of_another_company_reads_nothing(self):
        self.assertFalse(self._visible(self.foreign_user))

    def test_champion_writes_pages_of_their_charter(self):
        self.page.with_user(self.champion_user).write(
            {"content": "<p>Print &gt; Delivery Slip &gt; Reprint.</p>"}
        )
        self.assertIn("Reprint", self.page.content)
        with self.assertRaises(AccessError):
            self.page.with_user(self.other_champion).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.page.with_user(self.champion_user).unlink()

    def test_manager_deletes(self):
        self.page.with_user(self.manager).unlink()
        self.assertFalse(self.page.exists())

    def test_document_users_unchanged_outside_hypercare(self):
        """A knowledge user keeps every page outside hypercare (and, as an
        employee of the company, reads the charter's pages, not writes them)."""
        visible = self._visible(self.doc_user)
        self.assertEqual(visible, self.page | self.outside)
        editor = new_test_user(
            self.env,
            login="hc_doc_editor",
            name="Eddie Editor",
            groups="base.group_user,document_page.group_document_editor",
        )
        self.outside.with_user(editor).write({"name": "Company handbook v2"})
        with self.assertRaises(AccessError):
            self.page.with_user(editor).write({"name": "Changed"})
