from odoo.tests import tagged

from odoo.addons.hypercare_support.tests.common import HypercareTourCase


@tagged("-at_install", "post_install")
class TestSelfHelpTour(HypercareTourCase):
    """In the browser: a user types a question in the report dialog, sees the
    matching page, answers "This solved it": no ticket, one deflection."""

    def test_this_solved_it(self):
        page = self.env["document.page"].create(
            {
                "name": "How to reprint a delivery slip",
                "parent_id": self.charter._hypercare_knowledge_category().id,
                "content": "<p>Open the transfer, then Print &gt; Delivery Slip.</p>",
            }
        )
        contact = self.env["res.partner"].create({"name": "Azure Interior Self-help"})
        tickets = self.env["project.task"].search_count([])
        self.start_tour(
            f"/odoo/res.partner/{contact.id}",
            "hypercare_self_help_tour",
            login="hc_user",
        )
        self.assertEqual(self.env["project.task"].search_count([]), tickets)
        deflection = self.env["hypercare.self.help.deflection"].search([])
        self.assertEqual(len(deflection), 1)
        self.assertEqual(deflection.page_id, page)
        self.assertEqual(deflection.user_id, self.user)
        self.assertEqual(deflection.query, "I need to reprint the delivery slip")
