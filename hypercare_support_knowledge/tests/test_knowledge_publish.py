from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KnowledgeCase


@tagged("-at_install", "post_install")
class TestKnowledgePublish(KnowledgeCase):
    """A resolved how-to or training ticket becomes a page of the charter in
    one click; the champion edits it before publishing."""

    def test_publish_resolved_how_to(self):
        ticket = self._how_to()
        ticket.with_user(self.manager).message_post(
            body="Use the payment button and change the amount.",
            message_type="comment",
        )
        action = ticket.with_user(self.champion_user).action_hypercare_publish_page()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.name, "How do I register a partial payment?")
        self.assertIn("paid half", wizard.question)
        self.assertIn("change the amount", wizard.answer)
        wizard = wizard.with_user(self.champion_user)
        wizard.name = "How to register a partial payment"
        action = wizard.action_publish()
        page = self.env["document.page"].browse(action["res_id"])
        self.assertEqual(page.name, "How to register a partial payment")
        self.assertEqual(page.hypercare_charter_id, self.charter)
        self.assertEqual(page.parent_id, self.charter.knowledge_category_id)
        self.assertEqual(page.parent_id.type, "category")
        self.assertEqual(
            (page.hypercare_ticket_model, page.hypercare_ticket_res_id),
            (self.ticket_model, ticket.id),
        )
        self.assertIn("change the amount", page.content)
        self.assertIn("partial payment", page.hypercare_search_text)
        # a second page lands in the same category: one per charter
        other = self._how_to(
            name="How do I print a training report?", issue_type="training"
        )
        other.with_user(self.manager).message_post(
            body="Print it from the report menu.", message_type="comment"
        )
        action = other.with_user(self.champion_user).action_hypercare_publish_page()
        page2 = self.env["document.page"].browse(
            self.env[action["res_model"]]
            .browse(action["res_id"])
            .with_user(self.champion_user)
            .action_publish()["res_id"]
        )
        self.assertEqual(page2.parent_id, page.parent_id)
        self.assertEqual(
            self.env["document.page"].search_count(
                [
                    ("type", "=", "category"),
                    ("hypercare_charter_id", "=", self.charter.id),
                ]
            ),
            1,
        )
        charter = self.charter.with_user(self.user)
        self.assertEqual(charter.knowledge_page_count, 2)
        action = self.charter.with_user(self.champion_user).action_open_knowledge()
        self.assertEqual(
            self.env["document.page"].search(action["domain"]), page | page2
        )
        # the handover report's hook (issue 14) lists the pages
        self.assertEqual(
            [p["name"] for p in self.charter._hypercare_handover_pages()],
            sorted([page.name, page2.name]),
        )

    def test_unresolved_refused(self):
        ticket = self._how_to(resolved=False)
        with self.assertRaisesRegex(UserError, "not resolved"):
            ticket.with_user(self.champion_user).action_hypercare_publish_page()
        self.assertFalse(self.env["hypercare.knowledge.publish"].search([]))

    def test_defect_refused(self):
        ticket = self._how_to(issue_type="defect")
        with self.assertRaisesRegex(UserError, "how-to"):
            ticket.with_user(self.champion_user).action_hypercare_publish_page()

    def test_reopened_before_publishing_refused(self):
        ticket = self._how_to()
        ticket.with_user(self.manager).message_post(
            body="Use the payment button.", message_type="comment"
        )
        action = ticket.with_user(self.champion_user).action_hypercare_publish_page()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self._reopen(ticket)
        with self.assertRaisesRegex(UserError, "not resolved"):
            wizard.with_user(self.champion_user).action_publish()
        self.assertFalse(
            self.env["document.page"].search(
                [("hypercare_ticket_res_id", "=", ticket.id)]
            )
        )

    def test_only_champions_of_the_charter_publish(self):
        ticket = self._how_to()
        with self.assertRaises(AccessError):
            ticket.with_user(self.other_champion).action_hypercare_publish_page()
        # a plain user cannot even read the ticket's publishing dialog
        with self.assertRaises(AccessError):
            self.env["hypercare.knowledge.publish"].with_user(self.user).create(
                {
                    "ticket_model": self.ticket_model,
                    "ticket_res_id": ticket.id,
                    "charter_id": self.charter.id,
                    "name": "Sneaky",
                }
            )

    def test_published_page_complete(self):
        """Issue 29: a ticket without description still gives the page a
        question (its title); the page's first revision is named and summed
        up (required on its form) and written by the publishing champion;
        the page opens under its own name."""
        ticket = self._how_to()
        ticket.description = False
        ticket.with_user(self.manager).message_post(
            body="Use the payment button and change the amount.",
            message_type="comment",
        )
        action = ticket.with_user(self.champion_user).action_hypercare_publish_page()
        wizard = (
            self.env[action["res_model"]]
            .browse(action["res_id"])
            .with_user(self.champion_user)
        )
        self.assertIn("How do I register a partial payment?", wizard.question)
        action = wizard.action_publish()
        self.assertEqual(action["name"], "How do I register a partial payment?")
        page = self.env["document.page"].browse(action["res_id"])
        self.assertIn("register a partial payment", page.content.split("Answer")[0])
        self.assertEqual(page.draft_name, "First version")
        self.assertIn(ticket.display_name, page.draft_summary)
        self.assertEqual(page.content_uid, self.champion_user)
        self.assertEqual(len(page.history_ids), 1)
