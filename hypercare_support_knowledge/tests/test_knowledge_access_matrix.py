from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_access_matrix

# The access matrix of the knowledge bridge (actors: see hypercare_support's
# test_access_matrix). Rows: a page of the charter, a page outside hypercare
# (the hypercare groups add nothing there), a self-help deflection the User
# recorded, a publishing dialog the Champion opened.
MATRIX = """
row                           |User|Champion|Archived|Manager|Portal|Public|OtherCo
page.hypercare                |r   |rcw     |r       |rcwu   |-     |-     |-
page.outside                  |-   |-       |-       |-      |-     |-     |-
hypercare.self.help.deflection|r   |r       |-       |ru     |-     |-     |-
hypercare.knowledge.publish   |-   |rcw     |c       |c      |-     |-     |c
"""


@tagged("-at_install", "post_install")
class TestKnowledgeAccessMatrix(test_access_matrix.TestAccessMatrix):
    """The knowledge bridge's access matrix, asserted cell by cell."""

    matrix = MATRIX
    matrix_modules = ("hypercare_support_knowledge",)
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
