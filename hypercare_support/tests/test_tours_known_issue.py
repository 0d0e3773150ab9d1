from odoo.tests import new_test_user, tagged

from .common import HypercareTourCase


@tagged("-at_install", "post_install")
class TestToursKnownIssue(HypercareTourCase):
    """In the browser: the report dialog offers the open known issue matching
    the summary, "This is my problem too" files the user's linked ticket."""

    def test_me_too_from_the_dialog(self):
        user = new_test_user(
            self.env, login="hc_ki_tour", name="Kim Tour", groups="base.group_user"
        )
        contact = self.env["res.partner"].create({"name": "Known Issue Tour Contact"})
        issue = self.env["hypercare.known.issue"].create(
            {
                "charter_id": self.charter.id,
                "name": "Vendor bill posting fails",
                "workaround": "<p>Post it from the journal entry.</p>",
            }
        )
        self.start_tour(
            f"/odoo/res.partner/{contact.id}",
            "hypercare_known_issue_tour",
            login="hc_ki_tour",
        )
        ticket = self.env[self.ticket_model].search(
            [("hypercare_reporter_id", "=", user.id)]
        )
        self.assertEqual(ticket.hypercare_known_issue_id, issue)
        self.assertTrue(ticket.date_acknowledged)
        self.assertEqual(
            (ticket.source_model, ticket.source_res_id), ("res.partner", contact.id)
        )
