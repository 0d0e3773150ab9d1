"""Concurrent SLA scans and edits, on separate database connections.

A ``TransactionCase`` keeps its whole test in one uncommitted transaction
that no other connection sees. Outside ``HttpCase`` the registry is *not* in
test mode in Odoo 19 (``registry_enter_test_mode`` is only entered by
``HttpCase`` or explicitly, e.g. ``enter_registry_test_mode()``), so
``self.registry.cursor()`` opens a real, separate connection. The fixtures
of these tests are therefore created and committed on such cursors and
deleted again in a cleanup; every read and assertion also goes through a
fresh cursor, since the test's own transaction (a REPEATABLE READ snapshot
taken at set-up) would not see what the other connections committed. No
``freeze_time`` (it does not follow threads): the tickets are reported in
the past so that they are due now.
"""

import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.orm.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

SLA_NOTE = "SLA response is now"
THREAD_TIMEOUT = 60


class CommittedScanCase(TransactionCase):
    """Charter and due tickets committed on separate connections, so that
    threads on their own cursors see them; all deleted afterwards."""

    ticket_count = 10

    def setUp(self):
        super().setUp()
        # odoo-bin runs post-install tests inside Registry.new(), holding the
        # registry lock: Environment() in another thread would wait for it
        # forever. Nothing reloads the registry meanwhile: a dummy lock will do.
        self.startPatcher(patch.object(Registry, "_lock", DummyRLock()))
        self.tag = uuid.uuid4().hex[:8]
        self.thread_errors = []
        with self._env() as env:
            lead = env["res.users"].create(
                {
                    "name": f"Lead {self.tag}",
                    "login": f"hc_hard_lead_{self.tag}",
                    "group_ids": [
                        Command.link(env.ref("base.group_user").id),
                        Command.link(
                            env.ref("hypercare_support.group_hypercare_manager").id
                        ),
                    ],
                    "notification_type": "inbox",
                }
            )
            charter = env["hypercare.charter"].create(
                {
                    "name": f"Concurrency {self.tag}",
                    "go_live_date": fields.Date.today() - timedelta(days=7),
                    "planned_end_date": fields.Date.today() + timedelta(days=30),
                    "incident_lead_id": lead.id,
                    "champion_ids": [
                        Command.create({"user_id": lead.id, "function": "Finance"})
                    ],
                }
            )
            charter.action_activate()
            medium = charter.severity_ids.filtered(
                lambda s: s.level == "medium" and s.phase == "hypercare"
            )
            medium.write(
                {
                    "response_hours": 1.0,
                    "resolution_hours": 100.0,
                    "business_hours_only": False,
                }
            )
            tickets = self._create_due_tickets(env, charter, self.ticket_count)
            self.lead_id = lead.id
            self.charter_id = charter.id
            self.project_id = charter.project_id.id
            self.stage_ids = charter.project_id.type_ids.ids
            self.ticket_ids = tickets.ids
        self.addCleanup(self._delete_fixture)

    @staticmethod
    def _create_due_tickets(env, charter, count, prefix="Due"):
        """Tickets reported 10 hours ago: response (1 h) failed, not notified."""
        reported = fields.Datetime.now() - timedelta(hours=10)
        medium = charter.severity_ids.filtered(
            lambda s: s.level == "medium" and s.phase == "hypercare"
        )
        return (
            env["project.task"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"{prefix} {index}",
                        "project_id": charter.project_id.id,
                        "severity_id": medium.id,
                        "date_reported": reported,
                    }
                    for index in range(count)
                ]
            )
        )

    def _delete_fixture(self):
        with self._env() as env:
            tasks = env["project.task"].with_context(active_test=False)
            tasks.search([("project_id", "=", self.project_id)]).unlink()
            env["hypercare.charter"].browse(self.charter_id).unlink()
            env["project.project"].browse(self.project_id).unlink()
            env["project.task.type"].browse(self.stage_ids).unlink()
            lead = env["res.users"].browse(self.lead_id)
            partner = lead.partner_id
            # the onboarding to-do Odoo gives every new user
            tasks.search([("user_ids", "in", lead.ids)]).unlink()
            lead.unlink()
            partner.unlink()

    @contextmanager
    def _env(self, context=None):
        """A superuser environment on a new connection, committed on exit."""
        with self.registry.cursor() as cr:
            # a lock wait in a broken run ends the test instead of hanging it
            cr.execute("SET lock_timeout = '30s'")
            yield api.Environment(cr, SUPERUSER_ID, dict(context or {}))

    @contextmanager
    def _cron_env(self):
        """Like ``_env`` but as the scheduled action runs: with a progress
        record, so that the scan commits each batch."""
        with self._env() as env:
            cron = env.ref("hypercare_support.ir_cron_sla_scan")
            progress = env["ir.cron.progress"].create(
                {"cron_id": cron.id, "done": 0, "remaining": 0}
            )
            env.cr.commit()
            yield env(
                context=dict(
                    env.context, ir_cron_progress_id=progress.id, cron_id=cron.id
                )
            )

    def _thread(self, target, *args):
        def run():
            try:
                target(*args)
            except Exception as error:  # noqa: BLE001 (re-raised in the test)
                self.thread_errors.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def _join(self, *threads):
        for thread in threads:
            thread.join(THREAD_TIMEOUT)
            self.assertFalse(thread.is_alive(), "a thread is still blocked")
        if self.thread_errors:
            raise self.thread_errors[0]

    def _state(self):
        """Per fixture ticket: (name, notified, SLA notes, activities), and the
        breaches listed in the charter's digests, read on a fresh cursor."""
        with self._env() as env:
            tickets = env["project.task"].browse(self.ticket_ids)
            state = {
                ticket.id: {
                    "name": ticket.name,
                    "notified": ticket.sla_response_notified,
                    "notes": len(
                        ticket.message_ids.filtered(
                            lambda m: SLA_NOTE in (m.body or "")
                        )
                    ),
                    "activities": len(ticket.activity_ids),
                }
                for ticket in tickets
            }
            charter = env["hypercare.charter"].browse(self.charter_id)
            digests = charter.message_ids.filtered(
                lambda m: "breached their SLA" in (m.body or "")
            )
            listed = sum(str(m.body).count("<li>") for m in digests)
            return state, listed

    def assertNotifiedOnce(self, state, ticket_ids):
        for ticket_id in ticket_ids:
            with self.subTest(ticket=ticket_id):
                self.assertEqual(state[ticket_id]["notified"], "failed")
                self.assertEqual(state[ticket_id]["notes"], 1)
                self.assertEqual(state[ticket_id]["activities"], 1)


@tagged("-at_install", "post_install")
class TestConcurrentScan(CommittedScanCase):
    """SPEC.md: "Running the scheduled action twice, or concurrently, sends
    nothing twice and loses nothing"; an edit made while the scan runs is
    kept."""

    ticket_count = 40

    def test_two_scans_at_once_notify_each_transition_once(self):
        """Two scans in cron mode, batches of 3, started together on separate
        connections and slowed down so that they really overlap: together
        they process every ticket once (SKIP LOCKED hands each batch to one
        of them)."""
        barrier = threading.Barrier(2, timeout=THREAD_TIMEOUT)
        done = {}
        Task = type(self.env["project.task"])
        process = Task._sla_scan_process

        def slow_process(records, now):
            time.sleep(0.05)
            return process(records, now)

        def scan(name):
            with self._cron_env() as env:
                barrier.wait()
                done[name] = env["project.task"]._sla_scan(batch_size=3)

        with patch.object(Task, "_sla_scan_process", slow_process):
            threads = [self._thread(scan, "a"), self._thread(scan, "b")]
            self._join(*threads)
        # both did part of the job: they ran concurrently
        self.assertGreater(done["a"], 0)
        self.assertGreater(done["b"], 0)
        # a third run finishes what a scan stopped on a conflict left, if any
        with self._cron_env() as env:
            rest = env["project.task"]._sla_scan(batch_size=3)
        self.assertEqual(done["a"] + done["b"] + rest, self.ticket_count)
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        # every breach is in exactly one digest of the incident lead
        self.assertEqual(listed, self.ticket_count)
        # and a fourth run has nothing left to do
        with self._cron_env() as env:
            self.assertEqual(env["project.task"]._sla_scan(), 0)
        self.assertEqual(self._state(), (state, listed))

    def test_cron_scan_twice_at_once(self):
        """``_cron_sla_scan`` (what the scheduled action runs, over every
        carrier) started twice at once."""
        barrier = threading.Barrier(2, timeout=THREAD_TIMEOUT)

        def scan():
            with self._cron_env() as env:
                barrier.wait()
                env["hypercare.charter"]._cron_sla_scan()

        self._join(self._thread(scan), self._thread(scan))
        with self._cron_env() as env:
            env["hypercare.charter"]._cron_sla_scan()
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)


@tagged("-at_install", "post_install")
class TestEditDuringScan(CommittedScanCase):
    """A ticket edited while the scan runs keeps the edit, and its transition
    is still notified once."""

    ticket_count = 6

    def test_edit_holding_the_row_is_skipped_then_scanned(self):
        """The user's transaction holds the row: the scan skips it (SKIP
        LOCKED) instead of waiting or overwriting; the next run takes it."""
        edited_id, *others = self.ticket_ids
        with self._env() as user_env:
            user_env["project.task"].browse(edited_id).write(
                {"name": "Edited while scanning"}
            )
            user_env.flush_all()  # row locked until this cursor commits
            with self._cron_env() as env:
                self.assertEqual(env["project.task"]._sla_scan(), len(others))
        state, _listed = self._state()
        self.assertEqual(state[edited_id]["name"], "Edited while scanning")
        self.assertFalse(state[edited_id]["notified"])
        self.assertEqual(state[edited_id]["notes"], 0)
        self.assertNotifiedOnce(state, others)
        with self._cron_env() as env:
            self.assertEqual(env["project.task"]._sla_scan(), 1)
        state, listed = self._state()
        self.assertEqual(state[edited_id]["name"], "Edited while scanning")
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)

    def test_edit_waiting_on_the_scan_is_retried_and_kept(self):
        """The scan holds the row: the user's write waits, fails to serialize
        once the scan commits, and is retried as an RPC call would be
        (``odoo.service.model.retrying``): both the edit and the scan's
        notification survive."""
        edited_id = self.ticket_ids[0]
        locked = threading.Event()
        release = threading.Event()
        attempts = []
        Task = type(self.env["project.task"])
        process = Task._sla_scan_process

        def holding_process(records, now):
            result = process(records, now)
            if threading.current_thread().name == "scan":
                locked.set()
                release.wait(THREAD_TIMEOUT)
            return result

        def scan():
            with self._cron_env() as env:
                env["project.task"]._sla_scan()

        def edit():
            with self._env() as env:
                # the edit's transaction starts before the scan commits
                env.cr.execute("SELECT 1")

                def write():
                    attempts.append(1)
                    env["project.task"].browse(edited_id).write(
                        {"name": "Edited while the scan held it"}
                    )

                retrying(write, env)

        with (
            patch.object(Task, "_sla_scan_process", holding_process),
            mute_logger("odoo.sql_db"),  # the conflict of the first attempt
        ):
            scan_thread = threading.Thread(target=self._guard(scan), name="scan")
            scan_thread.start()
            self.assertTrue(locked.wait(THREAD_TIMEOUT))
            edit_thread = self._thread(edit)
            time.sleep(0.5)  # the edit now waits on the row lock
            release.set()
            self._join(scan_thread, edit_thread)
        self.assertGreater(len(attempts), 1, "the edit should have been retried")
        state, listed = self._state()
        self.assertEqual(state[edited_id]["name"], "Edited while the scan held it")
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)

    def _guard(self, target):
        def run():
            try:
                target()
            except Exception as error:  # noqa: BLE001 (re-raised in the test)
                self.thread_errors.append(error)

        return run

    def test_direct_scan_meeting_a_concurrent_commit_keeps_caller_work(self):
        """Outside the scheduled action the scan runs in its caller's
        transaction. When a concurrent scan has committed the rows it wants
        (serialization conflict), it must stop without rolling back the
        caller's own uncommitted work."""
        caller_ticket = self.ticket_ids[-1]
        with self._env() as caller_env:
            # the caller's transaction (and snapshot) starts here
            caller_env["project.task"].browse(caller_ticket).write(
                {"description": "<p>Caller's work</p>"}
            )
            caller_env.flush_all()
            # a concurrent scan commits every other due ticket meanwhile
            with self._cron_env() as env:
                env["project.task"]._sla_scan()
            # the caller now scans itself: its snapshot still shows them due
            caller_env["project.task"]._sla_scan()
        with self._env() as env:
            ticket = env["project.task"].browse(caller_ticket)
            self.assertIn("Caller's work", str(ticket.description))
        state, listed = self._state()
        self.assertEqual(sum(s["notes"] for s in state.values()), self.ticket_count - 1)
        with self._cron_env() as env:
            env["project.task"]._sla_scan()
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)
