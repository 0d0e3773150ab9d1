from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import NOW, HypercareCase

MAIL = """From: {sender}
To: {to}
Subject: {subject}
Message-ID: <{msgid}@example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The invoice of order S00042 cannot be posted: "Missing tax account".
"""


@tagged("-at_install", "post_install")
class TestMailGateway(HypercareCase):
    """A mail to the alias of the charter's carrier becomes a ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "hypercare.example.com"}
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.charter[cls.carrier_field].alias_id.write(
            {"alias_name": "go-live-help", "alias_domain_id": cls.alias_domain.id}
        )
        cls.mail_user = new_test_user(
            cls.env,
            login="hc_mail",
            name="Mia Mail",
            email="mia.mail@example.com",
            groups="base.group_user",
        )

    def _process(self, sender, subject, msgid, cc="", to=""):
        raw = MAIL.format(
            sender=sender,
            to=", ".join(filter(None, ["go-live-help@hypercare.example.com", to]))
            + (f"\nCc: {cc}" if cc else ""),
            subject=subject,
            msgid=msgid,
        )
        with freeze_time(NOW):
            return self.env["mail.thread"].message_process(False, raw)

    def test_copied_contacts_are_not_subscribed(self):
        """To/Cc contacts (an external accountant, a portal customer) do not
        follow the ticket: hypercare comments are not for them."""
        outsider = self.env["res.partner"].create(
            {"name": "Acme Accountant", "email": "books@acme.example.com"}
        )
        portal = new_test_user(
            self.env,
            login="hc_mail_portal",
            email="portal@customer.example.com",
            groups="base.group_portal",
        )
        ticket = self.env[self.ticket_model].browse(
            self._process(
                "Mia Mail <mia.mail@example.com>",
                "Invoice stuck again",
                "m-cc",
                cc="books@acme.example.com, portal@customer.example.com",
                to="Acme Accountant <books@acme.example.com>",
            )
        )
        self.assertEqual(ticket.hypercare_reporter_id, self.mail_user)
        self.assertIn(self.mail_user.partner_id, ticket.message_partner_ids)
        self.assertNotIn(outsider, ticket.message_partner_ids)
        self.assertNotIn(portal.partner_id, ticket.message_partner_ids)

    def test_mail_from_known_user(self):
        ticket = self.env[self.ticket_model].browse(
            self._process("Mia Mail <mia.mail@example.com>", "Invoice stuck", "m1")
        )
        self.assertEqual(ticket[self.carrier_field], self.charter[self.carrier_field])
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.name, "Invoice stuck")
        self.assertEqual(ticket.hypercare_reporter_id, self.mail_user)
        self.assertIn(self.mail_user.partner_id, ticket.message_partner_ids)
        self.assertEqual(ticket.date_reported, NOW)
        self.assertTrue(ticket.response_deadline)
        # no screen, no function: routed to the incident lead
        self.assertEqual(ticket[self.owner_field], self.manager)
        # the reporter finds it under My issues
        self.assertEqual(
            self.env[self.ticket_model]
            .with_user(self.mail_user)
            .search([("hypercare_reporter_id", "=", self.mail_user.id)]),
            ticket,
        )

    def test_mail_from_unknown_sender(self):
        task_id = self._process("Someone <someone@outside.example>", "Hello", "m2")
        ticket = self.env["project.task"].browse(task_id)
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertFalse(ticket.hypercare_reporter_id)
        self.assertEqual(ticket.partner_id.email, "someone@outside.example")

    def test_mail_to_plain_carrier_untouched(self):
        project = self.env["project.project"].create({"name": "Other"})
        project.alias_id.write(
            {"alias_name": "other-proj", "alias_domain_id": self.alias_domain.id}
        )
        raw = MAIL.format(
            sender="Mia Mail <mia.mail@example.com>",
            to="other-proj@hypercare.example.com",
            subject="Not hypercare",
            msgid="m3",
        )
        task = self.env["project.task"].browse(
            self.env["mail.thread"].message_process(False, raw)
        )
        self.assertEqual(task.project_id, project)
        self.assertFalse(task.hypercare_charter_id)
