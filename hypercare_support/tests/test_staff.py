from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestStaff(HypercareCase):
    """A charter's staff, defined once (``staff_user_ids``): the incident
    lead, the active roster, the partner contact, the vendor liaison and,
    once closed, the BAU contact. Each works every ticket of the charter with
    no group beyond a plain internal user's, as partner consultants are set
    up in a customer's database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = new_test_user(
            cls.env, login="hc_partner", name="Paula Partner", groups="base.group_user"
        )
        cls.vendor = new_test_user(
            cls.env, login="hc_vendor", name="Victor Vendor", groups="base.group_user"
        )
        cls.bau = new_test_user(
            cls.env, login="hc_bau_desk", name="Bea Desk", groups="base.group_user"
        )
        cls.charter.write(
            {
                "partner_contact_id": cls.partner.id,
                "vendor_liaison_id": cls.vendor.id,
                "bau_contact_id": cls.bau.id,
            }
        )

    def _owners(self, ticket):
        return ticket[self.owner_field]

    def test_staff_is_one_field_kept_current(self):
        charter = self.charter
        self.assertEqual(
            charter.staff_user_ids,
            self.manager | self.champion_user | self.partner | self.vendor,
        )
        line = charter.champion_ids.filtered(lambda c: c.user_id == self.champion_user)
        line.active = False
        self.assertNotIn(self.champion_user, charter.staff_user_ids)
        line.active = True
        self.assertIn(self.champion_user, charter.staff_user_ids)
        charter.vendor_liaison_id = False
        self.assertNotIn(self.vendor, charter.staff_user_ids)
        # the BAU contact joins at close
        self.assertNotIn(self.bau, charter.staff_user_ids)
        with freeze_time(NOW):
            charter.with_user(self.manager).action_close(override_reason="Go")
        self.assertIn(self.bau, charter.staff_user_ids)

    def test_partner_contact_works_l3_and_escalates_to_the_vendor(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Tax report is wrong")
            ticket.with_user(self.champion_user).action_hypercare_escalate(
                "Localisation bug: the partner's module"
            )
            ticket.with_user(self.champion_user).action_hypercare_escalate(
                "Needs the partner's developer"
            )
        self.assertEqual(ticket.support_layer, "l3")
        self.assertEqual(self._owners(ticket), self.partner)
        as_partner = ticket.with_user(self.partner)
        self.assertEqual(as_partner.name, "Tax report is wrong")
        self.assertIn(
            ticket, self.env[self.ticket_model].with_user(self.partner).search([])
        )
        with freeze_time(NOW + HOUR):
            as_partner.write({"workaround": "Post the tax lines by hand"})
            as_partner.action_hypercare_escalate("A core fix from the vendor")
        self.assertEqual(ticket.support_layer, "l4")
        self.assertEqual(self._owners(ticket), self.vendor)
        as_vendor = ticket.with_user(self.vendor)
        self.assertEqual(as_vendor.name, "Tax report is wrong")
        as_vendor.write({"next_step": "Patch in the next release"})
        self.assertEqual(ticket.next_step, "Patch in the next release")

    def test_partner_reply_is_the_first_response(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical", name="Cannot invoice")
        with freeze_time(NOW + timedelta(minutes=20)):
            ticket.with_user(self.partner).message_post(
                body="Looking at it now",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.date_acknowledged, NOW + timedelta(minutes=20))
        self.assertEqual(ticket.sla_response_status, "met")

    def test_staff_work_only_their_charters(self):
        outsider = new_test_user(
            self.env, login="hc_outsider", groups="base.group_user"
        )
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Only for the staff")
        with self.assertRaises(AccessError):
            ticket.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            ticket.with_user(outsider).write({"workaround": "Guess"})
        with self.assertRaises(UserError):
            ticket.with_user(outsider).action_hypercare_acknowledge()
        # removed from the charter: the partner loses it at once
        self.charter.partner_contact_id = False
        with self.assertRaises(AccessError):
            ticket.with_user(self.partner).read(["name"])

    def test_bau_contact_opens_the_tickets_handed_over(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Open at close")
            self.charter.with_user(self.manager).action_close(override_reason="Go")
            self.env["hypercare.charter"]._cron_hypercare_handover()
        self.assertEqual(self._owners(ticket), self.bau)
        as_bau = ticket.with_user(self.bau)
        self.assertEqual(as_bau.name, "Open at close")
        as_bau.write({"next_step": "Fix in the monthly release"})
        self.assertIn(
            ticket, self.env[self.ticket_model].with_user(self.bau).search([])
        )
        # their queue: Assigned to me, whatever the carrier
        action = (
            self.env["hypercare.report.issue"]
            .with_user(self.bau)
            .action_assigned_to_me()
        )
        self.assertEqual(action["res_model"], self.ticket_model)
        Ticket = self.env[self.ticket_model].with_user(self.bau)
        self.assertEqual(Ticket.search(action["domain"]), ticket)
        # the champions' board no longer shows it
        board = self.env["ir.actions.act_window"]._for_xml_id(
            Ticket._hypercare_action_xmlid
        )
        on_board = (
            self.env[self.ticket_model]
            .with_user(self.champion_user)
            .search(safe_eval(board["domain"]))
        )
        self.assertNotIn(ticket, on_board)

    def test_assignee_always_opens_the_ticket(self):
        helper = new_test_user(self.env, login="hc_helper", groups="base.group_user")
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "medium", name="Assigned to a helper", **self._owner_vals(helper)
            )
        self.assertEqual(ticket.with_user(helper).name, "Assigned to a helper")

    def _owner_vals(self, user):
        if self.owner_field == "user_ids":
            return {"user_ids": [Command.set(user.ids)]}
        return {self.owner_field: user.id}

    # -- notices that name tickets go to named staff only ------------------------

    def _notified(self, message):
        return message.sudo().notification_ids.res_partner_id

    def test_charter_follower_gets_no_digest_nor_standup(self):
        follower = new_test_user(
            self.env,
            login="hc_follower",
            name="Fiona Follower",
            groups="base.group_user",
        )
        self.charter.with_user(follower).message_subscribe(follower.partner_id.ids)
        self.assertIn(follower.partner_id, self.charter.message_partner_ids)
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Secret payroll issue")
        self.charter._hypercare_breach_digest(ticket)
        digest = self.charter.message_ids[0]
        self.assertIn("Secret payroll issue", digest.body)
        self.assertEqual(self._notified(digest), self.manager.partner_id)
        with freeze_time(NOW):
            self.charter.with_user(self.manager).action_send_standup()
        standup = self.charter.message_ids[0]
        self.assertNotIn(follower.partner_id, self._notified(standup))
        self.assertTrue(standup.subtype_id.internal)
        self.assertTrue(digest.subtype_id.internal)

    def test_critical_alert_reaches_named_recipients_only(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "critical",
                name="Warehouse stopped",
                business_function="Finance",
                hypercare_reporter_id=self.user.id,
            )
        ticket.message_subscribe(self.user.partner_id.ids)
        alert = ticket.message_ids.filtered(
            lambda m: m.subject and "Critical issue" in m.subject
        )
        self.assertEqual(len(alert), 1)
        self.assertEqual(
            self._notified(alert), (self.manager | self.champion_user).partner_id
        )
        self.assertNotIn(self.user.partner_id, self._notified(alert))
        self.assertTrue(alert.subtype_id.internal)
