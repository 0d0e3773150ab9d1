from odoo import fields
from odoo.tests import tagged

from .common import HypercareTourCase, PhoneTourMixin


class ReporterTourCase(HypercareTourCase):
    """Ursula's ticket, acknowledged by Chloe, with a workaround and a next
    step; a routing note the staff keep for themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls.env["project.task"].create(
            {
                "name": "Cannot post the invoice",
                "project_id": cls.charter.project_id.id,
                "severity_id": cls.sev["high"].id,
                "hypercare_reporter_id": cls.user.id,
                "user_ids": [(6, 0, cls.champion_user.ids)],
            }
        )
        cls.ticket.message_subscribe(cls.user.partner_id.ids)
        cls.ticket._message_log(body="Routing detail for the staff")
        staff = cls.ticket.with_user(cls.champion_user)
        staff.action_hypercare_acknowledge()
        staff.write(
            {
                "workaround": "Post it from the journal entry",
                "next_step": "The partner fixes the tax mapping",
            }
        )

    def _my_issue_url(self):
        return (
            "/odoo/action-hypercare_support.project_task_my_issue_action/"
            f"{self.ticket.id}"
        )

    def _sees_the_workaround(self):
        self.start_tour(
            self._my_issue_url(), "hypercare_reporter_workaround_tour", login="hc_user"
        )

    def _reopens_with_a_reason(self):
        stage = self.ticket.project_id.type_ids.filtered("hypercare_resolves")[:1]
        self.ticket.write({"stage_id": stage.id})
        self.assertEqual(self.ticket.hypercare_state, "done")
        self.start_tour(
            self._my_issue_url(), "hypercare_reporter_reopen_tour", login="hc_user"
        )
        self.assertEqual(self.ticket.hypercare_state, "open")
        self.assertIn(
            "The second invoice fails the same way", self.ticket.message_ids[0].body
        )

    def _picks_the_charter(self):
        """A user in two running go-lives picks the one they report to."""
        wave2 = self._create_charter(
            name="Go-live Belgium wave 2",
            go_live_date=fields.Date.add(self.charter.go_live_date, days=2),
        )
        self.assertEqual(wave2.state, "active")
        wizard = self.env["hypercare.report.issue"].with_user(self.user).new({})
        self.assertEqual(wizard.charter_id, wave2)
        self.assertEqual(wizard.charter_count, 2)
        contact = self.env["res.partner"].create({"name": "Azure Interior Reporter"})
        self._tour_from_contact(contact, "hypercare_report_charter_tour")
        ticket = self.env["project.task"].search(
            [("name", "=", "Cannot post the wave 1 invoice")]
        )
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertNotEqual(ticket.hypercare_charter_id, wave2)


@tagged("-at_install", "post_install")
class TestReporterTours(ReporterTourCase):
    def test_reporter_sees_the_workaround(self):
        self._sees_the_workaround()

    def test_reporter_reopens_with_a_reason(self):
        self._reopens_with_a_reason()

    def test_dialog_names_the_charter(self):
        self._picks_the_charter()


@tagged("-at_install", "post_install")
class TestReporterPhoneTours(PhoneTourMixin, ReporterTourCase):
    def test_reporter_sees_the_workaround_on_a_phone(self):
        self._sees_the_workaround()

    def test_reporter_reopens_with_a_reason_on_a_phone(self):
        self._reopens_with_a_reason()

    def test_dialog_names_the_charter_on_a_phone(self):
        self._picks_the_charter()
