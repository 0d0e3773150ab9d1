from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.tests.common import NOW

from .common import HelpdeskHypercareCase

MAIL = """From: {sender}
To: go-live-desk@hypercare-desk.example.com
Subject: {subject}
Message-ID: <{msgid}@example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The invoice of order S00042 cannot be posted: "Missing tax account".
"""


@tagged("-at_install", "post_install")
class TestHelpdeskMail(HelpdeskHypercareCase):
    """A mail to the charter team's alias becomes a hypercare helpdesk ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "hypercare-desk.example.com"}
        )
        cls.company.alias_domain_id = alias_domain
        cls.charter.team_id.alias_id.write(
            {"alias_name": "go-live-desk", "alias_domain_id": alias_domain.id}
        )
        cls.mail_user = new_test_user(
            cls.env,
            login="hc_hd_mail",
            name="Mia Mail",
            email="mia.mail@example.com",
            groups="base.group_user",
        )

    def _process(self, sender, subject, msgid):
        raw = MAIL.format(sender=sender, subject=subject, msgid=msgid)
        with freeze_time(NOW):
            return self.env["mail.thread"].message_process(False, raw)

    def test_mail_from_known_user(self):
        ticket = self.env["helpdesk.ticket"].browse(
            self._process("Mia Mail <mia.mail@example.com>", "Invoice stuck", "hd1")
        )
        self.assertEqual(ticket.team_id, self.charter.team_id)
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertEqual(ticket.name, "Invoice stuck")
        self.assertEqual(ticket.hypercare_reporter_id, self.mail_user)
        self.assertIn(self.mail_user.partner_id, ticket.message_partner_ids)
        self.assertEqual(ticket.date_reported, NOW)
        self.assertTrue(ticket.response_deadline)
        # no screen, no function: routed to the incident lead
        self.assertEqual(ticket.user_id, self.manager)
        self.assertEqual(
            self.env["helpdesk.ticket"]
            .with_user(self.mail_user)
            .search([("hypercare_reporter_id", "=", self.mail_user.id)]),
            ticket,
        )

    def test_mail_from_unknown_sender(self):
        ticket = self.env["helpdesk.ticket"].browse(
            self._process("Someone <someone@outside.example>", "Hello", "hd2")
        )
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertFalse(ticket.hypercare_reporter_id)
        self.assertEqual(ticket.user_id, self.manager)

    def test_mail_to_plain_team_untouched(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Plain"})
        team.alias_id.write(
            {
                "alias_name": "plain-desk",
                "alias_domain_id": self.company.alias_domain_id.id,
            }
        )
        raw = MAIL.format(
            sender="Mia Mail <mia.mail@example.com>", subject="Plain", msgid="hd3"
        ).replace("go-live-desk@", "plain-desk@")
        with freeze_time(NOW):
            ticket = self.env["helpdesk.ticket"].browse(
                self.env["mail.thread"].message_process(False, raw)
            )
        self.assertEqual(ticket.team_id, team)
        self.assertFalse(ticket.hypercare_charter_id)
        self.assertFalse(ticket.severity_id)
