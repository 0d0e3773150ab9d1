from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestReporterNotices(HypercareCase):
    """Issue 29, item 4: what the reporter hears, once per step (acknowledged,
    the workaround, escalated to the partner or the vendor, resolved), what
    they see on their form and in their chatter, and a reopen with a reason.
    The reporter is a plain internal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_user = new_test_user(
            cls.env, login="hc_partner", name="Paul Partner", groups="base.group_user"
        )
        cls.charter.partner_contact_id = cls.partner_user

    def setUp(self):
        super().setUp()
        wizard = (
            self.env["hypercare.report.issue"]
            .with_user(self.user)
            .create({"name": "Cannot post the invoice", "description": "Error"})
        )
        with freeze_time(NOW):
            action = wizard.action_submit()
        self.ticket = self.env["project.task"].browse(action["res_id"])
        self.assertEqual(self.ticket.hypercare_reporter_id, self.user)
        self.staff = self.ticket.with_user(self.champion_user)

    def _told(self, text=""):
        """The messages addressed to the reporter (containing ``text``)."""
        return self.ticket.message_ids.filtered(
            lambda m: self.user.partner_id in m.partner_ids and text in str(m.body)
        )

    def _inbox(self):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.user.partner_id.id),
                ("mail_message_id", "in", self.ticket.message_ids.ids),
            ]
        )

    def _seen_by(self, user):
        """The messages of the ticket's chatter as ``user`` loads them."""
        thread = self.ticket.with_user(user)
        return (
            self.env["mail.message"]
            .with_user(user)
            ._message_fetch(None, thread=thread, limit=100)["messages"]
        )

    def test_acknowledged_once(self):
        with freeze_time(NOW):
            self.staff.action_hypercare_acknowledge()
        told = self._told("has seen your issue")
        self.assertEqual(len(told), 1)
        self.assertIn("Chloe Champion", told.body)
        self.assertEqual(told.author_id, self.champion_user.partner_id)
        self.assertEqual(self._inbox().mail_message_id, told)
        # triage after it, and a second acknowledgement, tell nothing more
        self.staff.write({"triage_decision": "fix"})
        with freeze_time(NOW + timedelta(minutes=5)):
            self.staff.action_hypercare_triage()
            self.staff.action_hypercare_acknowledge()
        self.assertEqual(len(self._told("has seen your issue")), 1)

    def test_told_by_email_or_in_odoo_as_chosen(self):
        """Odoo's default is "by e-mail": one e-mail per step, queued, to the
        reporter alone; a reporter who reads in Odoo gets the inbox only."""
        self.assertEqual(self.user.notification_type, "email")
        with freeze_time(NOW):
            self.staff.action_hypercare_acknowledge()
        told = self._told("has seen your issue")
        notification = self._inbox()
        self.assertEqual(notification.notification_type, "email")
        self.assertEqual(notification.notification_status, "ready")
        mail = notification.mail_mail_id
        self.assertEqual(mail.mail_message_id, told)
        self.assertEqual(mail.recipient_ids, self.user.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.subject, self.ticket.display_name)
        self.assertIn("has seen your issue", mail.body_html)
        self.assertIn(f"res_id={self.ticket.id}", mail.body_html)
        # the followers (the champions) get no e-mail of it
        self.assertFalse(
            self.env["mail.mail"].search(
                [("mail_message_id", "=", told.id), ("id", "!=", mail.id)]
            )
        )
        self.user.notification_type = "inbox"
        self.staff.write({"workaround": "Post it from the journal entry"})
        told = self._told("work around it")
        notification = self._inbox().filtered(lambda n: n.mail_message_id == told)
        self.assertEqual(notification.notification_type, "inbox")
        self.assertFalse(notification.is_read)
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", told.id)])
        )

    def test_triage_acknowledges_and_tells(self):
        self.staff.write({"triage_decision": "fix"})
        with freeze_time(NOW):
            self.staff.action_hypercare_triage()
        self.assertEqual(len(self._told("has seen your issue")), 1)

    def test_workaround_told_once(self):
        self.staff.write({"workaround": "Post it from the journal entry\nthen pay"})
        told = self._told("work around it")
        self.assertEqual(len(told), 1)
        self.assertIn("Post it from the journal entry<br>then pay", told.body)
        # edited later: the form shows the new text, no second message
        self.staff.write({"workaround": "Post it from the journal entry"})
        self.assertEqual(len(self._told("work around it")), 1)
        # a next step is for the staff: no message
        self.staff.write({"next_step": "Partner checks the tax mapping"})
        self.assertEqual(len(self._told()), 1)

    def test_escalation_told_at_partner_and_vendor_only(self):
        with freeze_time(NOW):
            self.staff.action_hypercare_escalate(reason="Needs a key user")
        self.assertEqual(self.ticket.support_layer, "l2")
        self.assertFalse(self._told())
        with freeze_time(NOW + timedelta(hours=1)):
            self.staff.action_hypercare_escalate(reason="Tax mapping is wrong")
        self.assertEqual(self.ticket.support_layer, "l3")
        self.assertEqual(len(self._told("implementation partner")), 1)
        # the escalation note with its reason stays internal: a note to the
        # new owner, not a message to the reporter
        note = self.ticket.message_ids.filtered(
            lambda m: "Tax mapping is wrong" in str(m.body)
        )
        self.assertTrue(note.subtype_id.internal)
        self.assertNotIn(self.user.partner_id, note.partner_ids)
        self.assertIn(self.partner_user.partner_id, note.partner_ids)
        self.ticket.with_user(self.partner_user).action_hypercare_escalate(
            reason="Core bug"
        )
        self.assertEqual(len(self._told("software vendor")), 1)
        self.assertEqual(len(self._told()), 2)

    def test_reporter_chatter_keeps_internal_notes_out(self):
        self.ticket.sudo()._message_log(body="Routing detail for the staff")
        with freeze_time(NOW):
            self.staff.action_hypercare_acknowledge()
        # as the chatter's "Send message" posts it
        self.staff.message_post(
            body="Could you send a screenshot?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.staff.write({"priority": "1"})
        mine = self._seen_by(self.user)
        bodies = " ".join(str(m.body) for m in mine)
        self.assertIn("has seen your issue", bodies)
        self.assertIn("Could you send a screenshot?", bodies)
        self.assertNotIn("Routing detail", bodies)
        # no tracking nor "Task Created" in front of the reporter
        self.assertFalse(mine.sudo().filtered("tracking_value_ids"))
        self.assertNotIn(self.env.ref("project.mt_task_new"), mine.subtype_id)
        # the staff see everything
        staff_bodies = " ".join(str(m.body) for m in self._seen_by(self.champion_user))
        self.assertIn("Routing detail", staff_bodies)

    def test_reporter_form_shows_workaround_and_next_step(self):
        view = self.env.ref("hypercare_support.project_task_view_form_my_issue")
        arch = self.ticket.with_user(self.user).get_views([(view.id, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="workaround"', arch)
        self.assertIn('name="next_step"', arch)
        self.staff.write({"workaround": "Use the journal", "next_step": "Fix Friday"})
        mine = self.ticket.with_user(self.user)
        with Form(mine, view=view) as form:
            self.assertEqual(form.workaround, "Use the journal")
            self.assertEqual(form.next_step, "Fix Friday")
            with self.assertRaises(AssertionError):
                form.workaround = "Mine"

    def test_reopen_asks_a_reason(self):
        with freeze_time(NOW):
            self._resolve(self.ticket)
        self.assertEqual(len(self._told("is resolved")), 1)
        mine = self.ticket.with_user(self.user)
        with freeze_time(NOW + timedelta(days=1)):
            action = mine.action_hypercare_reopen()
            self.assertEqual(action["res_model"], "hypercare.ticket.reopen")
            self.assertEqual(self.ticket.hypercare_state, "done")
            with self.assertRaisesRegex(UserError, "Say why"):
                mine.action_hypercare_reopen(reason="  ")
            wizard = (
                self.env["hypercare.ticket.reopen"]
                .with_user(self.user)
                .with_context(**action["context"])
                .create({"reason": "Same error on the second invoice"})
            )
            wizard.action_reopen()
        self.assertEqual(self.ticket.hypercare_state, "open")
        logged = self.ticket.message_ids[0]
        self.assertIn("Same error on the second invoice", logged.body)
        self.assertEqual(logged.author_id, self.user.partner_id)
        # a message, not a note: it reaches whoever handles the ticket
        self.assertFalse(logged.subtype_id.internal)
        owners = self.ticket._hypercare_owners().partner_id
        self.assertTrue(owners)
        self.assertLessEqual(owners, logged.partner_ids)

    def test_reporter_follows_a_link_to_their_form(self):
        """A notification's link opens the default form: the reporter's for
        an end user (no "In Progress" badge, no SLA internals), the staff's
        for a champion."""
        Task = self.env["project.task"]
        mine = Task.with_user(self.user).get_views([(False, "form")])
        self.assertIn("o_hypercare_workaround_notice", mine["views"]["form"]["arch"])
        self.assertNotIn('name="state"', mine["views"]["form"]["arch"])
        for user in (self.champion_user, self.partner_user):
            staff = Task.with_user(user).get_views([(False, "form")])
            self.assertNotIn(
                "o_hypercare_workaround_notice", staff["views"]["form"]["arch"]
            )
        # a portal user (project sharing) keeps project's own views: the
        # reporter's form reads fields a portal user may not
        portal = new_test_user(
            self.env, login="hc_rn_portal", groups="base.group_portal"
        )
        shared = Task.with_user(portal).get_views([(False, "form")])
        self.assertNotIn(
            "o_hypercare_workaround_notice", shared["views"]["form"]["arch"]
        )
