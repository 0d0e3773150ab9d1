from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.tests import (
    test_access_matrix,
    test_access_matrix_outsiders,
)

# The access matrix of the knowledge bridge (actors: see hypercare_support's
# test_access_matrix). Rows: a page of the charter, a page outside hypercare
# (the hypercare groups add nothing there), a self-help deflection the User
# recorded, a publishing dialog the Champion opened. Combined actors: a plain
# knowledge user (DocUser) and the same with a hypercare group (DocChamp, on
# the roster; DocMgr): outside hypercare they get exactly the plain knowledge
# user's rights, the combination adds nothing.
MATRIX = """
row                           |User|Champion|Archived|Manager|Portal|Public|OtherCo|DocUser|DocChamp|DocMgr|Partner|Vendor|ProjMgr|Follower
page.hypercare                |r   |rcw     |r       |rcwu   |-     |-     |-      |r      |rcw     |rcwu  |r      |r     |rcwu   |r
page.outside                  |-   |-       |-       |-      |-     |-     |-      |r      |r       |r     |-      |-     |-      |-
hypercare.self.help.deflection|r   |r       |-       |ru     |-     |-     |-      |-      |r       |ru    |-      |-     |ru     |-
hypercare.knowledge.publish   |-   |rcw     |c       |c      |-     |-     |c      |-      |c       |c     |-      |-     |c      |-
"""


@tagged("-at_install", "post_install")
class TestKnowledgeAccessMatrix(
    test_access_matrix.TestAccessMatrix,
    test_access_matrix_outsiders.TestAccessMatrixOutsiders,
):
    """The knowledge bridge's access matrix, asserted cell by cell, and the
    outsiders' checks with its actors added."""

    matrix = MATRIX
    matrix_modules = ("hypercare_support_knowledge",)
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # combined actors: a knowledge user who is also a Champion (on the
        # roster) or a hypercare Manager, and a plain knowledge user to compare
        docs = "base.group_user,document_knowledge.group_document_user"
        cls.doc_user = new_test_user(
            cls.env, login="hc_mx_doc", name="Dora Docs", groups=docs
        )
        cls.doc_champion = new_test_user(
            cls.env,
            login="hc_mx_doc_champion",
            name="Dan Docs-Champion",
            groups=f"{docs},hypercare_support.group_hypercare_champion",
        )
        cls.env["hypercare.champion"].create(
            {
                "charter_id": cls.charter.id,
                "user_id": cls.doc_champion.id,
                "function": "Sales",
            }
        )
        cls.doc_manager = new_test_user(
            cls.env,
            login="hc_mx_doc_manager",
            name="Meg Docs-Manager",
            groups=f"{docs},hypercare_support.group_hypercare_manager",
        )
        cls.actors.update(
            DocUser=cls.doc_user, DocChamp=cls.doc_champion, DocMgr=cls.doc_manager
        )
        cls.category = cls.charter._hypercare_knowledge_category()
        cls.page = cls.env["document.page"].create(
            {"name": "Matrix page", "parent_id": cls.category.id}
        )

    def _row(self, row):
        rows = {
            "page.hypercare": (
                "document.page",
                {
                    "name": "Matrix page",
                    "parent_id": self.category.id,
                    "content": "<p>Print it.</p>",
                },
                {"name": "Renamed page"},
                None,
            ),
            "page.outside": (
                "document.page",
                {"name": "Company handbook", "content": "<p>Welcome.</p>"},
                {"name": "Renamed handbook"},
                None,
            ),
            "hypercare.self.help.deflection": (
                "hypercare.self.help.deflection",
                {
                    "charter_id": self.charter.id,
                    "user_id": self.user.id,
                    "page_id": self.page.id,
                    "query": "print it",
                },
                {"query": "changed"},
                None,
            ),
            "hypercare.knowledge.publish": (
                "hypercare.knowledge.publish",
                {
                    "ticket_model": "project.task",
                    "ticket_res_id": 1,
                    "charter_id": self.charter.id,
                    "name": "Matrix page",
                },
                {"name": "Renamed"},
                self.champion_user,
            ),
        }
        return rows[row] if row in rows else super()._row(row)
