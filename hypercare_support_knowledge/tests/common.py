from markupsafe import Markup

from odoo.tests import new_test_user

from odoo.addons.hypercare_support.tests.common import HypercareCase


class KnowledgeCase(HypercareCase):
    """The shared charter with a resolved how-to ticket and a helper to write
    pages of a charter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_champion = new_test_user(
            cls.env,
            login="hc_other_champion",
            name="Otto Other",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        cls.doc_user = new_test_user(
            cls.env,
            login="hc_doc_user",
            name="Dora Documents",
            groups="base.group_user,document_knowledge.group_document_user",
        )

    def _how_to(self, resolved=True, issue_type="how_to", **vals):
        ticket = self._create_ticket(
            "low",
            name=vals.pop("name", "How do I register a partial payment?"),
            description="<p>The customer paid half of the invoice.</p>",
            issue_type=issue_type,
            hypercare_reporter_id=self.user.id,
            **vals,
        )
        if resolved:
            self._resolve(ticket)
        return ticket

    def _page(self, name, content, charter=None):
        charter = self.charter if charter is None else charter
        return self.env["document.page"].create(
            {
                "name": name,
                "parent_id": charter._hypercare_knowledge_category().id,
                "content": Markup(content),
            }
        )
