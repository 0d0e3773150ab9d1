from odoo.tests import tagged

from .common import KnowledgeCase


@tagged("-at_install", "post_install")
class TestKnowledgeSearch(KnowledgeCase):
    """Full-text search of a charter's pages (PostgreSQL, GIN index)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Page = cls.env["document.page"]
        category = cls.charter._hypercare_knowledge_category()
        cls.slip = Page.create(
            {
                "name": "How to reprint a delivery slip",
                "parent_id": category.id,
                "content": "<p>Open the <b>transfer</b>, then "
                "Print &gt; Delivery Slip.</p>",
            }
        )
        cls.payment = Page.create(
            {
                "name": "Register a partial payment",
                "parent_id": category.id,
                "content": "<p>Change the amount in the payment dialog.</p>",
            }
        )
        # a page outside hypercare with the same words is never offered
        cls.outside = Page.create(
            {"name": "Delivery slip layout", "content": "<p>Reprint slips.</p>"}
        )

    def _search(self, query, user=None):
        Page = self.env["document.page"].with_user(user or self.user)
        return Page._hypercare_search(query, self.charter)

    def test_matches_ranked(self):
        self.assertEqual(self._search("I must reprint the delivery slip"), self.slip)
        self.assertEqual(self._search("partial payment")[:1], self.payment)
        # words of the content match too, as prefixes of words while typing
        self.assertEqual(self._search("transf"), self.slip)
        self.assertFalse(self._search("inventory valuation"))

    def test_empty_query_shows_nothing(self):
        for query in (False, "", "   ", "a to", "?!"):
            self.assertFalse(self._search(query), query)

    def test_search_follows_content_changes(self):
        self.payment.content = "<p>Use the reconciliation widget.</p>"
        self.assertEqual(self._search("reconciliation"), self.payment)
        self.assertFalse(self._search("dialog"))

    def test_index_and_text(self):
        self.assertIn("delivery slip", self.slip.hypercare_search_text.lower())
        self.assertNotIn("<b>", self.slip.hypercare_search_text)
        self.assertFalse(self.outside.hypercare_search_text)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'document_page_hypercare_tsv_index'"
        )
        self.assertIn("gin", self.env.cr.fetchone()[0])

    def test_report_dialog_shows_matches(self):
        wizard = self.env["hypercare.report.issue"].with_user(self.user).new({})
        self.assertEqual(wizard.charter_id, self.charter)
        self.assertFalse(wizard.hypercare_page_ids)
        wizard.name = "Reprint delivery slip"
        self.assertEqual(wizard.hypercare_page_ids._origin, self.slip)

    def test_excerpt_reads_as_text(self):
        """Issue 29, item 16: a published page's excerpt has no "Question" /
        "Answer" headings and no markup characters."""
        page = self.env["document.page"].create(
            {
                "name": "Partial payment",
                "parent_id": self.charter._hypercare_knowledge_category().id,
                "content": "<h3>Question</h3><p>Paid only part.</p><h3>Answer</h3>"
                "<p>Leave the difference on <i>Keep open</i>: the invoice stays "
                "<b>Partially Paid</b>.</p>",
            }
        )
        self.assertEqual(
            page.with_user(self.user).hypercare_snippet,
            "Paid only part. Leave the difference on Keep open: the invoice "
            "stays Partially Paid.",
        )
