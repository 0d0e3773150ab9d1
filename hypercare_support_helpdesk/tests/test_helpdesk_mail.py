from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_mail_gateway
from odoo.addons.hypercare_support.tests.common import NOW

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestHelpdeskMail(HelpdeskCarrier, test_mail_gateway.TestMailGateway):
    """A mail to the charter team's alias becomes a hypercare helpdesk ticket."""

    def test_mail_from_unknown_sender(self):
        ticket = self.env["helpdesk.ticket"].browse(
            self._process("Someone <someone@outside.example>", "Hello", "hd2")
        )
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self.assertFalse(ticket.hypercare_reporter_id)
        self.assertEqual(ticket.user_id, self.manager)

    def test_mail_to_plain_carrier_untouched(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Plain"})
        team.alias_id.write(
            {
                "alias_name": "plain-desk",
                "alias_domain_id": self.company.alias_domain_id.id,
            }
        )
        raw = test_mail_gateway.MAIL.format(
            sender="Mia Mail <mia.mail@example.com>",
            to="plain-desk@hypercare.example.com",
            subject="Plain",
            msgid="hd3",
        )
        with freeze_time(NOW):
            ticket = self.env["helpdesk.ticket"].browse(
                self.env["mail.thread"].message_process(False, raw)
            )
        self.assertEqual(ticket.team_id, team)
        self.assertFalse(ticket.hypercare_charter_id)
        self.assertFalse(ticket.severity_id)
