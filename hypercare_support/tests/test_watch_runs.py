"""First runs of the go-live, and two watch scans at once."""

import threading
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import GO_LIVE
from .test_concurrency import THREAD_TIMEOUT, CommittedScanCase
from .test_watch import WatchCase


@tagged("-at_install", "post_install")
class TestFirstRun(WatchCase):
    """First runs: ticked by the first matching record after go-live, a
    ticket when overdue, the first-close line following it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env["project.project"].create({"name": "Payments"})
        cls.first_run = (
            cls.env["hypercare.first.run"]
            .with_user(cls.manager)
            .create(
                {
                    "charter_id": cls.charter.id,
                    "name": "First payment run",
                    "model_name": "project.task",
                    "domain": f"[('project_id', '=', {cls.project.id})]",
                    "date_field_name": "date_deadline",
                    "expected_date": "2026-11-25",
                }
            )
        )

    def _task(self, name, when):
        return self.env["project.task"].create(
            {"name": name, "project_id": self.project.id, "date_deadline": when}
        )

    def test_ticked_by_the_first_record_after_go_live(self):
        close = self.env["hypercare.first.close"].create(
            {"charter_id": self.charter.id, "period_end": "2026-11-30"}
        )
        item = close.item_ids[0]
        item.first_run_id = self.first_run
        self._task("Rehearsal", datetime(2026, 11, 10, 10, 0))  # before go-live
        self._scan()
        self.assertFalse(self.first_run.done)
        self.assertFalse(item.done)
        second = self._task("Second run", datetime(2026, 11, 21, 10, 0))
        first = self._task("First run", datetime(2026, 11, 18, 10, 0))
        self._scan()
        self.assertTrue(self.first_run.done)
        self.assertEqual(self.first_run.date_done, date(2026, 11, 18))
        self.assertEqual(
            (self.first_run.res_model, self.first_run.res_id),
            ("project.task", first.id),
        )
        self.assertEqual(self.first_run.res_name, "First run")
        self.assertTrue(item.done)
        self.assertTrue(second.exists())
        self.assertFalse(self.first_run._watch_ticket())

    def test_overdue_line_raises_one_ticket(self):
        self._scan(datetime(2026, 11, 25, 12, 0))  # on the expected day: not late
        self.assertFalse(self.first_run._watch_ticket())
        self._scan(datetime(2026, 11, 26, 9, 0))
        ticket = self.first_run._watch_ticket()
        self.assertTrue(ticket)
        self.assertIn("First payment run", ticket.name)
        self.assertEqual(ticket.hypercare_charter_id, self.charter)
        self._resolve(ticket)
        self._scan(datetime(2026, 11, 27, 9, 0))
        self.assertEqual(self.first_run._watch_ticket(), ticket)
        self.assertEqual(
            self.env["project.task"].search_count(
                [("hypercare_charter_id", "=", self.charter.id)]
            ),
            1,
        )
        with freeze_time(datetime(2026, 11, 27, 9, 0)):
            self.first_run.invalidate_recordset(["is_overdue"])
            self.assertTrue(self.first_run.is_overdue)

    def test_go_live_is_the_start(self):
        self.assertEqual(str(self.charter.go_live_date), GO_LIVE)
        self._task("On go-live day", datetime(2026, 11, 16, 0, 0))
        self._scan()
        self.assertTrue(self.first_run.done)
        self.assertEqual(self.first_run.date_done, date(2026, 11, 16))


@tagged("-at_install", "post_install")
class TestWatchConcurrency(CommittedScanCase):
    """Two watch runs at once, on their own connections: one ticket."""

    ticket_count = 0

    def setUp(self):
        super().setUp()
        with self._env() as env:
            cron = env["ir.cron"].create(
                {
                    "name": f"Failing job {self.tag}",
                    "model_id": env.ref("base.model_res_partner").id,
                    "state": "code",
                    "code": "model.browse()",
                    "failure_count": 2,
                    "first_failure_date": fields.Datetime.now() - timedelta(hours=1),
                }
            )
            charter = env["hypercare.charter"].browse(self.charter_id)
            rule = charter.watch_rule_ids.filtered(
                lambda r: r.template_key == "cron_failing"
            )
            self.cron_id, self.rule_id = cron.id, rule.id
        self.addCleanup(self._delete_cron)

    def _delete_cron(self):
        with self._env() as env:
            env["ir.cron"].browse(self.cron_id).unlink()
            # the lead's own onboarding to-do (project_todo) outlives the lead
            env["project.task"].with_context(active_test=False).search(
                [("project_id", "=", False), ("user_ids", "in", self.lead_id)]
            ).unlink()

    def _watch(self, barrier):
        with self._env() as env:
            rules = env["hypercare.watch.rule"].browse(self.rule_id)
            rules.fetch(["charter_id"])
            barrier.wait(THREAD_TIMEOUT)
            env["hypercare.charter"]._hypercare_watch_run(
                rules, env["hypercare.first.run"]
            )

    def test_concurrent_runs_raise_one_ticket(self):
        barrier = threading.Barrier(2)
        self._join(*(self._thread(self._watch, barrier) for _ in range(2)))
        self._watch(threading.Barrier(1))  # and once more, after them
        with self._env() as env:
            tickets = env["project.task"].search([("project_id", "=", self.project_id)])
            rule = env["hypercare.watch.rule"].browse(self.rule_id)
            self.assertEqual(len(tickets), 1)
            self.assertTrue(rule.tripped)
            self.assertEqual(rule.ticket_res_id, tickets.id)
