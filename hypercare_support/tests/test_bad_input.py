import base64
from contextlib import contextmanager

from freezegun import freeze_time
from lxml import html
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import NOW, HypercareCase

MAIL = """From: {sender}
To: hc-hard-help@hypercare-hard.example.com
Subject: {subject}
Message-ID: <{msgid}@example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: {ctype}; charset="utf-8"

{body}
"""
BIG = 10 * 1024 * 1024


@tagged("-at_install", "post_install")
class TestBadInput(HypercareCase):
    """Every entry point refuses bad data with a clear, translated error and
    writes nothing; what it accepts is sanitised (SPEC.md "Reliability and
    security")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "hypercare-hard.example.com"}
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.charter.project_id.alias_id.write(
            {"alias_name": "hc-hard-help", "alias_domain_id": cls.alias_domain.id}
        )
        cls.other_charter = cls._create_charter(name="Go-live Netherlands")
        cls.closed_charter = cls._create_charter(name="Go-live Luxembourg")
        cls.closed_charter._hypercare_set_state({"state": "closed"})

    def _counts(self):
        return {
            "tickets": self.env["project.task"].search_count([]),
            "charters": self.env["hypercare.charter"].search_count([]),
            "projects": self.env["project.project"].search_count([]),
            "severities": self.env["hypercare.severity"].search_count([]),
            "champions": self.env["hypercare.champion"].search_count([]),
        }

    @contextmanager
    def _refused(self, error, message=""):
        """Expect ``error`` (with ``message``) and roll back what the failed
        call wrote, as the RPC layer rolls back a failed request."""
        with self.assertRaisesRegex(error, message), self.env.cr.savepoint():
            yield

    def _dialog(self, **vals):
        vals = {"name": "Cannot post", "description": "It fails", **vals}
        return self.env["hypercare.report.issue"].with_user(self.user).create(vals)

    def assertSafeHtml(self, markup):
        """No active element, no event handler, no script URL survives."""
        for element in html.fragments_fromstring(str(markup or "<p></p>")):
            if isinstance(element, str):
                continue
            for node in element.iter():
                with self.subTest(tag=node.tag):
                    self.assertNotIn(node.tag, ("script", "iframe", "object", "embed"))
                    for name, value in node.attrib.items():
                        self.assertFalse(name.lower().startswith("on"), name)
                        self.assertNotIn("javascript:", value.lower())

    def _ticket(self, action):
        return self.env["project.task"].browse(action["res_id"])

    # -- report dialog (what the web client sends over RPC) ---------------------

    def test_report_dialog_refuses(self):
        before = self._counts()
        refused = [
            ({"charter_id": self.closed_charter.id}, UserError, "not running"),
            ({"name": "\t\n"}, ValidationError, "cannot be empty"),
            ({"description": False}, ValidationError, "cannot be empty"),
        ]
        for vals, error, message in refused:
            with (
                self.subTest(vals=vals),
                freeze_time(NOW),
                self._refused(error, message),
            ):
                self._dialog(**vals).action_submit()
        # values outside a selection never reach a record
        for vals in ({"issue_type": "bogus"}, {"impact": "<script>"}):
            with self.subTest(vals=vals), self._refused(ValueError):
                self._dialog(**vals)
        self.assertEqual(self._counts(), before)

    def test_report_dialog_escapes_markup(self):
        with freeze_time(NOW):
            action = self._dialog(
                name="<b>Bold</b> summary",
                description='<script>alert("x")</script><img src=x onerror=alert(1)>',
                trying_to_do="<iframe src='https://evil.example.com'></iframe>",
                source_url="javascript:alert(document.cookie)",
            ).action_submit()
        ticket = self._ticket(action)
        self.assertSafeHtml(ticket.description)
        # the user's words are kept, as text
        self.assertIn("&lt;script&gt;", str(ticket.description))
        self.assertEqual(ticket.name, "<b>Bold</b> summary")

    def test_report_dialog_big_description_and_many_attachments(self):
        """A 10 MB description is refused with a clear message; 1.5 MB and 60
        attachments go through; someone else's attachment cannot be slipped
        into the request."""
        Attachment = self.env["ir.attachment"]
        mine = Attachment.with_user(self.user).create(
            [
                {
                    "name": f"screen-{index}.png",
                    "datas": base64.b64encode(b"png %d" % index),
                    "res_model": "hypercare.report.issue",
                    "res_id": 0,
                }
                for index in range(60)
            ]
        )
        theirs = Attachment.create(
            {"name": "payroll.pdf", "datas": base64.b64encode(b"secret")}
        )
        before = self._counts()
        with freeze_time(NOW):
            # 10 MB: refused with a clear message (the HTML sanitizer would
            # silently empty it), nothing written
            with self._refused(ValidationError, "too long"):
                self._dialog(description="x" * BIG + " END").action_submit()
            self.assertEqual(self._counts(), before)
            # 1.5 MB: kept in full, with the 60 attachments
            dialog = self._dialog(description="y" * (BIG * 3 // 20) + " END-OF-REPORT")
            # someone else's file cannot be slipped into the report
            with self._refused(AccessError):
                dialog.attachment_ids = mine | theirs
            dialog.attachment_ids = mine
            ticket = self._ticket(dialog.action_submit())
        self.assertIn("END-OF-REPORT", str(ticket.description))
        self.assertGreater(len(ticket.description), BIG * 3 // 20)
        self.assertEqual(set(mine.mapped("res_id")), {ticket.id})
        self.assertEqual(set(mine.mapped("res_model")), {"project.task"})
        self.assertFalse(theirs.res_id)

    # -- forms --------------------------------------------------------------------

    def test_charter_form_refuses(self):
        before = self._counts()
        cases = [
            ({"name": "   "}, "needs a name"),
            ({"planned_end_date": "2026-11-01"}, "must come after"),
            ({"planned_end_date": "2026-11-16"}, "must come after"),
            ({"sla_target": 150.0}, "between 0 and 100"),
            ({"sla_target": -1.0}, "between 0 and 100"),
            ({"reopen_days": -1}, "negative"),
        ]
        Charter = self.env["hypercare.charter"].with_user(self.manager)
        for vals, message in cases:
            with self.subTest(vals=vals), freeze_time(NOW):
                form = Form(Charter)
                form.name = "Go-live France"
                form.go_live_date = "2026-11-16"
                form.planned_end_date = "2026-12-31"
                for fname, value in vals.items():
                    setattr(form, fname, value)
                with self._refused(ValidationError, message):
                    form.save()
        # and on an existing charter
        with self._refused(ValidationError, "must come after"):
            with Form(self.charter.with_user(self.manager)) as form:
                form.planned_end_date = "2026-11-10"
        self.assertEqual(self._counts(), before)
        self.assertEqual(str(self.charter.planned_end_date), "2026-12-31")

    def test_severity_form_refuses(self):
        cases = [
            ({"response_hours": 0.0}, "greater than zero"),
            ({"response_hours": -4.0}, "greater than zero"),
            ({"resolution_hours": 0.0}, "greater than zero"),
            ({"response_hours": 48.0, "resolution_hours": 24.0}, "cannot be shorter"),
            ({"warning_ratio": 0.0}, "warning ratio"),
            ({"warning_ratio": 1.5}, "warning ratio"),
        ]
        severity = self.sev["high"].with_user(self.manager)
        before = severity.read(["response_hours", "resolution_hours", "warning_ratio"])
        for vals, message in cases:
            with (
                self.subTest(vals=vals),
                self._refused(ValidationError, message),
                Form(severity) as form,
            ):
                for fname, value in vals.items():
                    setattr(form, fname, value)
        self.env.invalidate_all()
        self.assertEqual(
            severity.read(["response_hours", "resolution_hours", "warning_ratio"]),
            before,
        )

    def test_champion_form_refuses(self):
        before = self._counts()
        Champion = (
            self.env["hypercare.champion"]
            .with_user(self.manager)
            .with_context(default_charter_id=self.charter.id)
        )
        cases = [
            ({"phone": "call me maybe"}, "not a valid phone number"),
            ({"phone": "+32 12"}, "not a valid phone number"),
            ({"phone": "+1 555 0100 0100 0100"}, "not a valid phone number"),
            ({"function": "   "}, "needs a function"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals):
                form = Form(Champion)
                form.user_id = self.user
                form.function = "Warehouse"
                for fname, value in vals.items():
                    setattr(form, fname, value)
                with self._refused(ValidationError, message):
                    form.save()
        # the same person twice for the same function: the database refuses
        # it, and the message the web client shows is the constraint's
        with (
            self._refused(IntegrityError, "hypercare_champion_user_function_uniq"),
            mute_logger("odoo.sql_db"),
        ):
            form = Form(Champion)
            form.user_id = self.champion_user
            form.function = "Finance"
            form.save()
        self.assertEqual(self._counts(), before)

    # -- tickets: severity of another charter, dates, markup -------------------------

    def test_ticket_refuses_foreign_severity_and_future_date(self):
        before = self._counts()
        foreign = self.other_charter.severity_ids[:1]
        Task = self.env["project.task"].with_user(self.champion_user)
        with freeze_time(NOW):
            with self._refused(ValidationError, "its own hypercare"):
                Task.create(
                    {
                        "name": "Wrong matrix",
                        "project_id": self.charter.project_id.id,
                        "severity_id": foreign.id,
                    }
                )
            with self._refused(ValidationError, "in the future"):
                Task.create(
                    {
                        "name": "Time traveller",
                        "project_id": self.charter.project_id.id,
                        "date_reported": "2026-11-24 09:00:00",
                    }
                )
            ticket = self._create_ticket("high")
            with self._refused(ValidationError, "its own hypercare"):
                ticket.with_user(self.champion_user).severity_id = foreign
        self.assertEqual(ticket.severity_id, self.sev["high"])
        self.assertEqual(self._counts()["tickets"], before["tickets"] + 1)

    def test_ticket_description_sanitised(self):
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high",
                description='<p>ok</p><script>alert(1)</script><a href="javascript:x()"'
                ' onclick="steal()">link</a>',
            )
        self.assertIn("<p>ok</p>", str(ticket.description))
        self.assertSafeHtml(ticket.description)

    # -- mail gateway ------------------------------------------------------------------

    def _process(self, raw):
        with freeze_time(NOW):
            return self.env["mail.thread"].message_process(False, raw)

    def test_mail_gateway_malformed(self):
        """Malformed mails to the alias: no crash, and whatever becomes a
        ticket is a hypercare ticket with safe content."""
        mails = {
            "no subject, no body": MAIL.format(
                sender="someone@example.com",
                subject="",
                msgid="hard-1",
                ctype="text/plain",
                body="",
            ),
            "broken sender": MAIL.format(
                sender="<<<not an address>>>",
                subject="Help",
                msgid="hard-2",
                ctype="text/plain",
                body="Invoice stuck",
            ),
            "script in html": MAIL.format(
                sender="someone@example.com",
                subject="Script",
                msgid="hard-3",
                ctype="text/html",
                body="<p>Help</p><script>alert(1)</script><img src=x onerror=alert(2)>",
            ),
            "binary garbage body": MAIL.format(
                sender="someone@example.com",
                subject="Garbage",
                msgid="hard-4",
                ctype="text/plain",
                body="\x00\x01\ufffd\udcff"[:3] * 1000,
            ),
            "huge subject": MAIL.format(
                sender="someone@example.com",
                subject="S" * 20000,
                msgid="hard-5",
                ctype="text/plain",
                body="Long",
            ),
        }
        for label, raw in mails.items():
            with self.subTest(mail=label):
                ticket = self.env["project.task"].browse(self._process(raw))
                self.assertEqual(ticket.hypercare_charter_id, self.charter)
                self.assertTrue(ticket.name)
                self.assertSafeHtml(ticket.description)
                self.assertTrue(ticket.response_deadline)

    def test_mail_gateway_refuses_unroutable(self):
        """Mail no alias accepts is refused as a whole: no ticket."""
        before = self._counts()
        for label, raw in {
            "no recipient": "From: a@example.com\nSubject: Hi\n\nBody",
            "not a mail": "\x00\xff garbage without headers",
        }.items():
            with self.subTest(mail=label), self._refused(ValueError):
                self._process(raw)
        self.assertEqual(self._counts(), before)

    # -- CSV import -------------------------------------------------------------------

    def _load(self, rows, user=None, fields=None):
        fields = fields or [
            "name",
            "project_id/.id",
            "severity_id/.id",
            "date_reported",
        ]
        Task = self.env["project.task"].with_user(user or self.champion_user)
        with freeze_time(NOW):
            return Task.load(fields, rows)

    def test_csv_import_refuses_bad_rows(self):
        project = str(self.charter.project_id.id)
        high = str(self.sev["high"].id)
        good = ["Imported fine", project, high, "2026-11-20 10:00:00"]
        bad_rows = {
            "unknown severity": ["Bad", project, "999999", "2026-11-20 10:00:00"],
            "bad date": ["Bad", project, high, "2026-13-45 10:00:00"],
            "not a date": ["Bad", project, high, "yesterday"],
            "future date": ["Bad", project, high, "2026-12-25 10:00:00"],
            "severity of another charter": [
                "Bad",
                project,
                str(self.other_charter.severity_ids[:1].id),
                "2026-11-20 10:00:00",
            ],
        }
        before = self._counts()
        for label, row in bad_rows.items():
            with self.subTest(row=label):
                # one bad row spoils the file: nothing of it is written
                result = self._load([good, row])
                self.assertFalse(result["ids"])
                errors = [m for m in result["messages"] if m["type"] == "error"]
                self.assertTrue(errors)
                self.assertTrue(all(m["message"] for m in errors))
        # by name, an unknown severity is named in the message
        result = self._load(
            [["Bad", project, "P9 / Bogus", "2026-11-20 10:00:00"]],
            fields=["name", "project_id/.id", "severity_id", "date_reported"],
        )
        self.assertFalse(result["ids"])
        self.assertIn("P9 / Bogus", result["messages"][0]["message"])
        # a plain user may not import tickets at all
        result = self._load([good], user=self.user)
        self.assertFalse(result["ids"])
        self.assertEqual(self._counts(), before)
        # the control: the good row alone imports
        result = self._load([good])
        self.assertEqual(len(result["ids"]), 1)
        ticket = self.env["project.task"].browse(result["ids"])
        self.assertEqual(ticket.severity_id, self.sev["high"])
        self.assertEqual(str(ticket.date_reported), "2026-11-20 10:00:00")

    def test_user_cannot_bypass_through_import(self):
        """A User cannot import (no create right) and gets a clear message."""
        result = self._load(
            [["Sneaky", str(self.charter.project_id.id), "", "2026-11-20 10:00:00"]],
            user=new_test_user(
                self.env, login="hc_bad_import", groups="base.group_user"
            ),
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        with self._refused(AccessError):
            self.env["project.task"].with_user(self.user).create(
                {"name": "Direct", "project_id": self.charter.project_id.id}
            )
