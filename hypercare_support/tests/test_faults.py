"""Faults during the SLA scan, on committed data as the scheduled action sees
it (see test_concurrency for why the fixtures are committed)."""

from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .test_concurrency import CommittedScanCase

SCAN_LOGGER = "odoo.addons.hypercare_support.models.hypercare_ticket_scan"


@tagged("-at_install", "post_install")
class TestScanFaults(CommittedScanCase):
    """One bad ticket neither loses the batches already committed nor stops
    the others; the next run finishes the job without notifying twice."""

    ticket_count = 12
    batch = 4

    def setUp(self):
        super().setUp()
        self.Task = type(self.env["project.task"])
        self.culprit_id = self.ticket_ids[5]

    def _scan(self):
        with self._cron_env() as env:
            return env["project.task"]._sla_scan(batch_size=self.batch)

    def _digest_pending(self):
        """Tickets marked for a digest not sent yet, on a fresh cursor."""
        with self._env() as env:
            return env["project.task"].search([("sla_digest_pending", "=", True)]).ids

    def _failing_owner(self, failure):
        owner = self.Task._hypercare_owner

        def _hypercare_owner(ticket):
            if ticket.id == self.culprit_id:
                failure(ticket)
            return owner(ticket)

        return patch.object(self.Task, "_hypercare_owner", _hypercare_owner)

    def _assert_culprit_skipped_then_done(self, failure):
        others = [tid for tid in self.ticket_ids if tid != self.culprit_id]
        with (
            self._failing_owner(failure),
            self.assertLogs(SCAN_LOGGER, "ERROR") as logs,
        ):
            self.assertEqual(self._scan(), self.ticket_count)
        self.assertIn(f"project.task {self.culprit_id} skipped", logs.output[0])
        state, listed = self._state()
        self.assertNotifiedOnce(state, others)
        # nothing half-done on the culprit: no flag, no note, no activity
        self.assertEqual(
            state[self.culprit_id],
            {"name": "Due 5", "notified": False, "notes": 0, "activities": 0},
        )
        self.assertEqual(listed, self.ticket_count - 1)
        # the culprit stays due: the next (healthy) run notifies it, only it
        self.assertEqual(self._scan(), 1)
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)

    def test_python_error_on_one_ticket(self):
        def failure(ticket):
            raise RuntimeError(f"broken ticket {ticket.id}")

        self._assert_culprit_skipped_then_done(failure)

    def test_database_error_on_one_ticket(self):
        """A failing query aborts the transaction: the savepoint recovers it."""

        def failure(ticket):
            ticket.env.cr.execute("SELECT 1 / 0", log_exceptions=False)

        self._assert_culprit_skipped_then_done(failure)

    def test_crash_keeps_the_committed_batches(self):
        """The worker dies after its first batch was committed (here: the
        second progress commit raises): the first batch stays notified and
        marked for the digest, the second is rolled back whole, the next run
        finishes without notifying anything twice and its one digest lists
        the breaches of both."""
        Cron = type(self.env["ir.cron"])
        commit_progress = Cron._commit_progress
        calls = []

        def _commit_progress(cron, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("worker killed")
            return commit_progress(cron, *args, **kwargs)

        with (
            patch.object(Cron, "_commit_progress", _commit_progress),
            self.assertRaisesRegex(RuntimeError, "worker killed"),
        ):
            self._scan()
        state, listed = self._state()
        notified = [tid for tid, s in state.items() if s["notified"]]
        self.assertEqual(len(notified), self.batch)
        self.assertNotifiedOnce(state, notified)
        self.assertEqual(
            sum(s["notes"] + s["activities"] for s in state.values()), 2 * self.batch
        )
        # the digest goes at the end of a run: this one never got there
        self.assertEqual(listed, 0)
        self.assertEqual(sorted(self._digest_pending()), sorted(notified))
        self.assertEqual(self._scan(), self.ticket_count - self.batch)
        self.assertFalse(self._digest_pending())
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)

    def test_every_ticket_failing_ends_the_run(self):
        """Notifications broken for everyone: the run still ends, writes
        nothing, and leaves every ticket due for the next one."""

        def _sla_notify(tickets, transitions):
            raise RuntimeError("mail down")

        with (
            patch.object(self.Task, "_sla_notify", _sla_notify),
            self.assertLogs(SCAN_LOGGER, "ERROR") as logs,
        ):
            self.assertEqual(self._scan(), self.ticket_count)
        self.assertEqual(len(logs.output), self.ticket_count)
        state, listed = self._state()
        self.assertFalse([s for s in state.values() if s["notified"] or s["notes"]])
        self.assertEqual(listed, 0)
        with self._env() as env:
            due = env["project.task"].search_count(
                [
                    ("id", "in", self.ticket_ids),
                    ("sla_next_check", "<=", fields.Datetime.now()),
                ]
            )
        self.assertEqual(due, self.ticket_count)
        self.assertEqual(self._scan(), self.ticket_count)
        state, listed = self._state()
        self.assertNotifiedOnce(state, self.ticket_ids)
        self.assertEqual(listed, self.ticket_count)
