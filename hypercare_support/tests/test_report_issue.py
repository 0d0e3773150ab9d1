import base64
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestReportIssue(HypercareCase):
    """The "Report an issue" dialog: from any record to a routed ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_model = cls.env["ir.model"]._get("res.partner")
        cls.env["hypercare.function.mapping"].create(
            {
                "charter_id": cls.charter.id,
                "function": "Finance",
                "model_ids": [(4, cls.partner_model.id)],
            }
        )
        cls.contact = cls.env["res.partner"].create({"name": "Azure Interior"})
        cls.Wizard = cls.env["hypercare.report.issue"].with_user(cls.user)

    def _tickets(self):
        return self.env["project.task"].search(
            [("hypercare_charter_id", "=", self.charter.id)]
        )

    def _wizard(self, record=None, **vals):
        context = {"default_source_url": "/odoo/action-1/7"}
        if record is not None:
            context.update(
                default_source_model=record._name,
                default_source_res_id=record.id,
                default_source_name=record.display_name,
                default_source_action="Contacts / Contacts",
            )
        values = {"name": "Cannot save the contact", "description": "Error on save"}
        values.update(vals)
        return self.Wizard.with_context(**context).create(values)

    def _submit(self, wizard):
        with freeze_time(NOW):
            action = wizard.action_submit()
        ticket = self.env["project.task"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "project.task")
        self.assertTrue(ticket.exists())
        return ticket, action

    def test_report_from_contact(self):
        with freeze_time(NOW):
            form = Form(
                self.Wizard.with_context(
                    default_source_model="res.partner",
                    default_source_res_id=self.contact.id,
                    default_source_name="Azure Interior",
                    default_source_action="Contacts / Contacts",
                    default_source_url="/odoo/contacts/%s" % self.contact.id,
                )
            )
            self.assertEqual(form.charter_id, self.charter)
            # ask a key user first: the Finance champion is shown
            self.assertEqual(form.function, "Finance")
            self.assertEqual(form.champion_ids[0].user_id, self.champion_user)
            form.name = "Cannot merge two contacts"
            form.description = "The merge button gives an error"
            form.trying_to_do = "Clean duplicates"
            form.impact = "blocked"
            form.issue_type = "data"
            wizard = form.save()
        ticket, action = self._submit(wizard)
        self.assertEqual(ticket.name, "Cannot merge two contacts")
        self.assertEqual(ticket.project_id, self.charter.project_id)
        self.assertEqual(ticket.hypercare_reporter_id, self.user)
        self.assertIn(self.user.partner_id, ticket.message_partner_ids)
        self.assertEqual(ticket.source_model, "res.partner")
        self.assertEqual(ticket.source_res_id, self.contact.id)
        self.assertEqual(ticket.source_name, "Azure Interior")
        self.assertEqual(ticket.issue_type, "data")
        self.assertEqual(ticket.hypercare_impact, "blocked")
        self.assertEqual(ticket.severity_id, self.sev["high"])
        self.assertIn("Clean duplicates", ticket.description)
        self.assertIn("Contacts / Contacts", ticket.description)
        self.assertIn("/odoo/contacts/", ticket.description)
        # routed to the on-call Finance champion
        self.assertEqual(ticket.user_ids, self.champion_user)
        # the reporter reads it, in the My issue form, but cannot change it
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("hypercare_support.project_task_view_form_my_issue").id,
        )
        mine = ticket.with_user(self.user)
        self.assertEqual(mine.read(["name"])[0]["name"], "Cannot merge two contacts")
        with self.assertRaises(AccessError):
            mine.write({"name": "Changed"})
        mine.message_post(body="Any news?", message_type="comment")
        self.assertIn(
            self.contact,
            self.env["res.partner"].browse(
                mine.action_hypercare_open_source()["res_id"]
            ),
        )

    def test_report_from_user_settings(self):
        """Settings > Users: no function mapped, the incident lead gets it."""
        wizard = self._wizard(self.champion_user, impact="question")
        self.assertFalse(wizard.function)
        ticket, _action = self._submit(wizard)
        self.assertEqual(ticket.source_model, "res.users")
        self.assertEqual(ticket.source_res_id, self.champion_user.id)
        self.assertEqual(ticket.severity_id, self.sev["low"])
        self.assertEqual(ticket.user_ids, self.manager)
        notice = self._routing_note(ticket)
        self.assertIn("No business function", notice.body)
        self.assertIn(self.manager.name, notice.body)

    def test_report_from_task(self):
        other = self.env["project.project"].create({"name": "Implementation"})
        task = self.env["project.task"].create(
            {"name": "Configure taxes", "project_id": other.id}
        )
        ticket, _action = self._submit(self._wizard(task, impact="workaround"))
        self.assertEqual(ticket.source_model, "project.task")
        self.assertEqual(ticket.source_res_id, task.id)
        self.assertEqual(ticket.severity_id, self.sev["medium"])
        self.assertFalse(task.hypercare_charter_id)

    def test_report_without_source(self):
        ticket, _action = self._submit(self._wizard())
        self.assertFalse(ticket.source_model)
        self.assertFalse(ticket.source_res_id)
        self.assertEqual(ticket.hypercare_reporter_id, self.user)

    def test_unknown_source_model_is_dropped(self):
        wizard = self._wizard()
        wizard.source_model = "no.such.model"
        wizard.source_res_id = 3
        ticket, _action = self._submit(wizard)
        self.assertFalse(ticket.source_model)

    def test_unreadable_source_is_dropped(self):
        """A record the reporter cannot read is not linked (nor named)."""
        secret = self.env["hypercare.charter"].create(
            dict(self._charter_vals(), name="Other go-live", champion_ids=[])
        )
        self.env["ir.rule"].create(
            {
                "name": "hide the other charter",
                "model_id": self.env["ir.model"]._get_id("hypercare.charter"),
                "domain_force": [("id", "!=", secret.id)],
            }
        )
        wizard = self._wizard()
        wizard.write({"source_model": "hypercare.charter", "source_res_id": secret.id})
        ticket, _action = self._submit(wizard)
        self.assertFalse(ticket.source_model)
        self.assertFalse(ticket.source_name)

    def test_empty_input_creates_nothing(self):
        before = self._tickets()
        for vals in (
            {"name": "", "description": "Something"},
            {"name": "   ", "description": "Something"},
            {"name": "Summary", "description": ""},
            {"name": "Summary", "description": " \n "},
        ):
            wizard = self._wizard(self.contact, **vals)
            with self.assertRaises(ValidationError):
                wizard.action_submit()
        self.assertEqual(self._tickets(), before)

    def test_no_active_charter(self):
        self.charter.action_reset_draft()
        wizard = self._wizard(self.contact)
        self.assertFalse(wizard.charter_id)
        before = self._tickets()
        with self.assertRaisesRegex(UserError, "no active hypercare"):
            wizard.action_submit()
        self.assertEqual(self._tickets(), before)

    def _routing_note(self, ticket):
        """The note saying why the ticket went to the incident lead: internal,
        written by the system, notifying nobody (issue 12: it was posted in
        the reporter's name and e-mailed, with a delivery failure for them)."""
        notes = ticket.message_ids.filtered(lambda m: "incident lead" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.env.ref("base.partner_root"))
        self.assertTrue(notes.is_internal)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(notes.partner_ids)
        self.assertFalse(notes.notification_ids)
        # nothing the routing sent is authored by the reporter, so a delivery
        # failure can never come back to them
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id.model", "=", ticket._name),
                    ("mail_message_id.res_id", "=", ticket.id),
                    "|",
                    ("res_partner_id", "=", self.user.partner_id.id),
                    ("mail_message_id.author_id", "=", self.user.partner_id.id),
                ]
            )
        )
        return notes

    def test_routing_off_call_goes_to_lead(self):
        self.charter.champion_ids.on_call = False
        wizard = self._wizard(self.contact)
        self.assertEqual(wizard.function, "Finance")
        ticket, _action = self._submit(wizard)
        self.assertEqual(ticket.user_ids, self.manager)
        self.assertEqual(ticket.business_function, "Finance")
        self.assertIn("Finance", self._routing_note(ticket).body)

    def test_routing_on_call_champion_of_the_function(self):
        sales = self.env["hypercare.champion"].create(
            {
                "charter_id": self.charter.id,
                "user_id": self.manager.id,
                "function": "Sales",
                "on_call": True,
            }
        )
        self.charter.function_mapping_ids.function = "sales "
        wizard = self._wizard(self.contact)
        self.assertEqual(wizard.champion_ids, sales)
        ticket, _action = self._submit(wizard)
        self.assertEqual(ticket.user_ids, self.manager)

    def test_mails_are_queued_not_sent_in_the_request(self):
        """The owner's "you have been assigned" and a P1's alert wait in the
        mail queue: the reporter's request does not wait on the mail server."""
        before = self.env["mail.mail"].search([]).ids
        Mail = type(self.env["mail.mail"])
        with (
            patch.object(Mail, "send_after_commit", autospec=True) as after_commit,
            patch.object(Mail, "send", autospec=True) as send,
        ):
            ticket, _action = self._submit(self._wizard(self.contact, impact="stopped"))
        self.assertFalse(after_commit.called or send.called)
        self.assertEqual(ticket.severity_level, "critical")
        mails = self.env["mail.mail"].search(
            [("id", "not in", before), ("model", "=", "project.task"),
             ("res_id", "=", ticket.id)]
        )  # fmt: skip
        assigned = mails.filtered(lambda m: "assigned" in (m.subject or ""))
        self.assertTrue(assigned)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})

    def test_attachments_follow_the_ticket(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user)
            .create(
                {
                    "name": "screenshot.png",
                    "datas": base64.b64encode(b"fake image"),
                    "res_model": "hypercare.report.issue",
                    "res_id": 0,
                }
            )
        )
        wizard = self._wizard(self.contact)
        wizard.attachment_ids = attachment
        ticket, _action = self._submit(wizard)
        self.assertEqual(attachment.res_model, "project.task")
        self.assertEqual(attachment.res_id, ticket.id)

    def test_menu_action_reachable_by_users(self):
        action = self.env.ref("hypercare_support.hypercare_report_issue_action")
        self.assertIn(
            self.env.ref("hypercare_support.group_hypercare_user"), action.group_ids
        )
        self.assertTrue(self.user.has_group("hypercare_support.group_hypercare_user"))
        my_issues = self.env.ref("hypercare_support.project_task_my_issue_action")
        ticket, _action = self._submit(self._wizard(self.contact))
        domain = safe_eval(my_issues.domain, {"uid": self.user.id})
        self.assertEqual(
            self.env["project.task"].with_user(self.user).search(domain), ticket
        )


@tagged("-at_install", "post_install")
class TestReopen(HypercareCase):
    """Reporters are told when their issue is solved and may reopen it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.ticket = cls.env["project.task"].create(
                {
                    "name": "Invoice stuck",
                    "project_id": cls.charter.project_id.id,
                    "hypercare_reporter_id": cls.user.id,
                }
            )
            cls.ticket.message_subscribe(cls.user.partner_id.ids)

    def test_resolution_notifies_the_reporter(self):
        with freeze_time(NOW):
            self._resolve(self.ticket)
        self.assertEqual(self.ticket.hypercare_state, "done")
        told = self.ticket.message_ids.filtered(
            lambda m: self.user.partner_id in m.partner_ids and "resolved" in m.body
        )
        self.assertEqual(len(told), 1)
        # resolving again (another closing stage change) does not tell twice
        with freeze_time(NOW):
            self.ticket.write({"stage_id": self.ticket.stage_id.id})
        self.assertEqual(
            len(
                self.ticket.message_ids.filtered(
                    lambda m: (
                        self.user.partner_id in m.partner_ids and "resolved" in m.body
                    )
                )
            ),
            1,
        )

    def test_reopen_within_window(self):
        with freeze_time(NOW):
            self._resolve(self.ticket)
        with freeze_time(NOW + timedelta(days=6)):
            mine = self.ticket.with_user(self.user)
            self.assertTrue(mine.hypercare_can_reopen)
            mine.action_hypercare_reopen(reason="Still the same error")
        self.assertEqual(self.ticket.hypercare_state, "open")
        self.assertFalse(self.ticket.date_resolved)
        self.assertFalse(self.ticket.stage_id.hypercare_resolves)
        self.assertIn("Reopened by", self.ticket.message_ids[0].body)

    def test_reopen_after_window_refused(self):
        self.charter.reopen_days = 3
        with freeze_time(NOW):
            self._resolve(self.ticket)
        with freeze_time(NOW + timedelta(days=3, hours=1)):
            mine = self.ticket.with_user(self.user)
            self.assertFalse(mine.hypercare_can_reopen)
            with self.assertRaisesRegex(UserError, "more than 3 day"):
                mine.action_hypercare_reopen()
        self.assertEqual(self.ticket.hypercare_state, "done")

    def test_reopen_only_by_reporter_and_when_resolved(self):
        with self.assertRaisesRegex(UserError, "Only a resolved"):
            self.ticket.with_user(self.user).action_hypercare_reopen()
        with freeze_time(NOW):
            self._resolve(self.ticket)
        with (
            freeze_time(NOW + timedelta(days=1)),
            self.assertRaisesRegex(UserError, "person who reported"),
        ):
            self.ticket.with_user(self.champion_user).action_hypercare_reopen()
        self.assertEqual(self.ticket.hypercare_state, "done")

    def test_negative_window_refused(self):
        with self.assertRaises(ValidationError):
            self.charter.reopen_days = -1
