from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KnowledgeCase

FROM = datetime(2026, 11, 23)
TO = datetime(2026, 11, 30)


@tagged("-at_install", "post_install")
class TestSelfHelpDeflection(KnowledgeCase):
    """'This solved it' records a deflection instead of a ticket; the charter
    counts them per period."""

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

    def _solved(self, user, when, page=None):
        with freeze_time(when):
            return (
                self.env["hypercare.report.issue"]
                .with_user(user)
                .action_hypercare_self_help_solved(
                    (page or self.page).id, query="reprint the slip"
                )
            )

    def test_solved_records_a_deflection_and_no_ticket(self):
        tickets = self.env["project.task"].search_count([])
        self.assertTrue(self._solved(self.user, "2026-11-24 10:00:00"))
        deflection = self.env["hypercare.self.help.deflection"].search([])
        self.assertEqual(len(deflection), 1)
        self.assertEqual(
            (deflection.charter_id, deflection.user_id, deflection.page_id),
            (self.charter, self.user, self.page),
        )
        self.assertEqual(deflection.query, "reprint the slip")
        self.assertEqual(self.env["project.task"].search_count([]), tickets)

    def test_counting(self):
        self._solved(self.user, "2026-11-22 23:59:59")  # before the period
        self._solved(self.user, "2026-11-23 00:00:00")
        self._solved(self.champion_user, "2026-11-29 23:59:59")
        self._solved(self.user, "2026-11-30 00:00:00")  # after: [from, to)
        counts = self.charter._hypercare_self_help_deflections(FROM, TO)
        self.assertEqual(counts, {self.charter.id: 2})
        other = self._create_charter(name="Go-live France")
        self.assertEqual(
            (self.charter | other)._hypercare_self_help_deflections(FROM, TO),
            {self.charter.id: 2},
        )

    def test_counted_once_per_user_page_and_day(self):
        """Thirty clicks on "This solved it" are one deflection a day."""
        for _ in range(30):
            self._solved(self.user, "2026-11-24 10:00:00")
        self._solved(self.user, "2026-11-24 23:59:00")
        self._solved(self.champion_user, "2026-11-24 11:00:00")  # another user
        self._solved(self.user, "2026-11-25 09:00:00")  # another day
        counts = self.charter._hypercare_self_help_deflections(FROM, TO)
        self.assertEqual(counts, {self.charter.id: 3})

    def test_page_of_another_charter_refused(self):
        other = self._create_charter(name="Go-live France", go_live_date="2026-11-01")
        page = self.env["document.page"].create(
            {
                "name": "French page",
                "parent_id": other._hypercare_knowledge_category().id,
                "content": "<p>Bonjour.</p>",
            }
        )
        with self.assertRaises(UserError):
            self._solved(self.user, "2026-11-24 10:00:00", page=page)
        self.assertFalse(self.env["hypercare.self.help.deflection"].search([]))

    def test_access(self):
        self._solved(self.user, "2026-11-24 10:00:00")
        self._solved(self.champion_user, "2026-11-24 11:00:00")
        Deflection = self.env["hypercare.self.help.deflection"]
        self.assertEqual(Deflection.with_user(self.user).search([]).user_id, self.user)
        self.assertEqual(len(Deflection.with_user(self.champion_user).search([])), 2)
        self.assertFalse(
            Deflection.with_user(self.other_champion)
            .search([])
            .filtered(lambda d: d.user_id != self.other_champion)
        )
        with self.assertRaises(AccessError):
            Deflection.with_user(self.user).create({"charter_id": self.charter.id})
        with self.assertRaises(AccessError):
            Deflection.with_user(self.user).search([]).unlink()
