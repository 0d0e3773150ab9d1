from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models import hypercare_charter_handover
from ..models.hypercare_exit_criterion import FREEZE_ACTION
from .common import NOW, HypercareCase

HOUR = timedelta(hours=1)


class HandoverMixin:
    """Fixture of the handover tests: a BAU contact, tickets with owners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bau_user = new_test_user(
            cls.env,
            login="hc_bau",
            name="Bob Bau",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )

    def _owner_vals(self, user):
        if self.owner_field == "user_ids":
            return {"user_ids": [user.id]}
        return {self.owner_field: user.id}

    def _owners(self, ticket):
        return ticket[self.owner_field]

    def _bau_row(self, level):
        return self.charter.bau_severity_ids.filtered(lambda s: s.level == level)

    def _run_handover_job(self):
        """What the queued job does on a cron worker (without its commits)."""
        self.env["hypercare.charter"]._cron_hypercare_handover()

    def _close(self, user, **kwargs):
        """Close as ``user`` (the request), then run the queued handover."""
        self.charter.with_user(user).action_close(**kwargs)
        self._run_handover_job()


@tagged("-at_install", "post_install")
class TestHandover(HandoverMixin, HypercareCase):
    """Closing hands over: BAU rows, the BAU contact, the report; resumable."""

    def _open_tickets(self, count, level="high"):
        with freeze_time(NOW):
            return self.env[self.ticket_model].concat(
                *(
                    self._create_ticket(
                        level,
                        name=f"Open issue {i}",
                        workaround=f"Post it by hand ({i})",
                        next_step=f"Fix in release {i}",
                        **self._owner_vals(self.champion_user),
                    )
                    for i in range(count)
                )
            )

    def test_close_hands_over(self):
        self.charter.bau_contact_id = self.bau_user
        tickets = self._open_tickets(2)
        with freeze_time(NOW):
            resolved = self._create_ticket("medium", name="Solved already")
            self._resolve(resolved)
        resolved_severity = resolved.severity_id
        cron = self.env.ref("hypercare_support.ir_cron_charter_handover")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        with freeze_time(NOW + HOUR):
            # the request closes and queues the handover: nothing moved yet
            self.charter.with_user(self.manager).action_close(
                override_reason="Steering committee"
            )
        charter = self.charter
        self.assertEqual(charter.state, "closed")
        self.assertEqual(charter.handover_state, "running")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        )
        self.assertEqual(self._owners(tickets), self.champion_user)
        with freeze_time(NOW + HOUR):
            self._run_handover_job()
        self.assertEqual(charter.handover_state, "done")
        self.assertEqual(charter.handover_done_count, 2)
        bau_high = self._bau_row("high")
        self.assertEqual(bau_high.phase, "bau")
        for ticket in tickets:
            self.assertEqual(ticket.severity_id, bau_high)
            self.assertEqual(self._owners(ticket), self.bau_user)
            # the previous owner stays a follower
            self.assertIn(
                self.champion_user.partner_id, ticket.message_follower_ids.partner_id
            )
            self.assertEqual(ticket.hypercare_handover_date, NOW + HOUR)
            # the running clocks now follow the BAU row
            self.assertEqual(ticket.resolution_deadline, ticket.bau_resolution_deadline)
        # a resolved ticket is history: left as it was
        self.assertEqual(resolved.severity_id, resolved_severity)
        self.assertFalse(resolved.hypercare_handover_date)
        # the report, attached to the charter
        attachment = charter.handover_attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("hypercare.charter", charter.id)
        )
        self.assertTrue(attachment.name.endswith(".pdf"))
        content = attachment.raw.decode()
        for needle in (
            "Open issue 0",
            "Post it by hand (1)",
            "Fix in release 1",
            self.champion_user.name,  # the owner before the handover, the roster
            "Knowledge transfer complete",  # the exit gate as signed
            "Steering committee",
        ):
            self.assertIn(needle, content)
        self.assertNotIn("Solved already", content)
        # the owners named are those before the handover, not the BAU contact
        table = content.split("o_hypercare_handover_tickets")[1].split("</table>")[0]
        self.assertIn(self.champion_user.name, table)
        self.assertNotIn("Bob Bau", table)
        self.assertIn(attachment, charter.message_ids.attachment_ids)
        # for the charter's staff only, though every user reads the charter
        attachment.with_user(self.champion_user).check_access("read")
        self.assertTrue(attachment.with_user(self.champion_user).raw)
        with self.assertRaises(AccessError):
            attachment.with_user(self.user).check_access("read")
        with self.assertRaises(AccessError):
            attachment.with_user(self.user).read(["raw"])
        action = charter.with_user(self.champion_user).action_open_handover_report()
        self.assertIn(f"/web/content/{attachment.id}", action["url"])
        # closed and handed over: closing again is refused
        with self.assertRaises(UserError):
            charter.with_user(self.manager).action_close(override_reason="Again")

    def test_close_without_bau_contact_is_refused(self):
        tickets = self._open_tickets(1)
        severity = tickets.severity_id
        with (
            freeze_time(NOW),
            self.assertRaisesRegex(UserError, "BAU Contact") as caught,
        ):
            self.charter.with_user(self.manager).action_close(override_reason="Go")
        self.assertIn(self.charter.name, str(caught.exception))
        self.assertEqual(self.charter.state, "active")
        self.assertFalse(self.charter.handover_state)
        self.assertEqual(tickets.severity_id, severity)
        self.assertEqual(self._owners(tickets), self.champion_user)

    def test_only_managers_close(self):
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW), self.assertRaises(UserError):
            self.charter.with_user(self.champion_user).action_close(
                override_reason="Go"
            )
        self.assertEqual(self.charter.state, "active")

    def test_resume_after_a_failure_half_way(self):
        """Batches of 2, the second one fails in the job: the first stays
        handed over (committed), the charter says the handover stopped and
        why, and "Finish the handover" queues the rest."""
        self.charter.bau_contact_id = self.bau_user
        tickets = self._open_tickets(5)
        Ticket = type(self.env[self.ticket_model])
        original = Ticket._hypercare_hand_over
        calls = []

        def failing(records, *args):
            calls.append(records.ids)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return original(records, *args)

        commits = []
        cron = self.env.ref("hypercare_support.ir_cron_charter_handover")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        in_cron = self.env["hypercare.charter"].with_context(
            ir_cron_progress_id=progress.id, cron_id=cron.id
        )
        Cron = type(self.env["ir.cron"])
        # the job's commit and rollback, as a cron worker's cursor: a commit
        # keeps what was done, a rollback undoes what came after it
        with (
            freeze_time(NOW + HOUR),
            patch.object(hypercare_charter_handover, "HANDOVER_BATCH", 2),
            patch.object(Ticket, "_hypercare_hand_over", failing),
            patch.object(
                Cron,
                "_commit_progress",
                lambda cron, processed=0, **kw: self._commit_here(commits, processed),
            ),
            patch.object(self.env.cr, "rollback", self._rollback_to_commit),
        ):
            self.charter.with_user(self.manager).action_close(override_reason="Go")
            self.env.invalidate_all()
            in_cron._cron_hypercare_handover()
            self.env.invalidate_all()
        # the report first, then one commit per batch, then the failure
        self.assertEqual(commits[:2], [0, 2])
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(self.charter.handover_state, "stopped")
        self.assertIn("disk full", self.charter.handover_error)
        done = tickets.filtered("hypercare_handover_date")
        self.assertEqual(done.ids, calls[0])
        self.assertEqual(self._owners(done), self.bau_user)
        left = tickets - done
        self.assertEqual(len(left), 3)
        self.assertEqual(self._owners(left), self.champion_user)
        report = self.charter.handover_attachment_id
        self.assertTrue(report)
        # only a manager finishes it; finishing queues the rest
        with self.assertRaises(UserError):
            self.charter.with_user(self.champion_user).action_close()
        with (
            freeze_time(NOW + 2 * HOUR),
            patch.object(hypercare_charter_handover, "HANDOVER_BATCH", 2),
        ):
            self.charter.with_user(self.manager).action_close()
            self.assertEqual(self.charter.handover_state, "running")
            self.assertFalse(self.charter.handover_error)
            self._run_handover_job()
        self.assertEqual(self.charter.handover_state, "done")
        self.assertEqual(self.charter.handover_done_count, 5)
        self.assertEqual({t.hypercare_handover_date for t in done}, {NOW + HOUR})
        self.assertEqual({t.hypercare_handover_date for t in left}, {NOW + 2 * HOUR})
        self.assertEqual(self._owners(tickets), self.bau_user)
        self.assertEqual(tickets.severity_id, self._bau_row("high"))
        # the report of the close is kept, not rendered again
        self.assertEqual(self.charter.handover_attachment_id, report)

    def _commit_here(self, commits, processed):
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT hc_commit")
        commits.append(processed)
        return float("inf")

    def _rollback_to_commit(self):
        self.env.cr.execute("ROLLBACK TO SAVEPOINT hc_commit")
        self.env.cr.clear()
        self.env.invalidate_all(flush=False)

    def test_close_without_wkhtmltopdf(self):
        """A server that cannot render PDF still closes: the report is
        attached as HTML, and the charter says so."""
        self.charter.bau_contact_id = self.bau_user
        tickets = self._open_tickets(1)
        Report = type(self.env["ir.actions.report"])
        with (
            freeze_time(NOW + HOUR),
            patch.object(Report, "get_wkhtmltopdf_state", lambda self: "install"),
        ):
            self._close(self.manager, override_reason="Go")
        self.assertEqual(self.charter.handover_state, "done")
        self.assertEqual(self._owners(tickets), self.bau_user)
        attachment = self.charter.handover_attachment_id
        self.assertEqual(attachment.mimetype, "text/html")
        self.assertTrue(attachment.name.endswith(".html"))
        self.assertIn("Open issue 0", attachment.raw.decode())
        self.assertIn("attached as HTML", self.charter.message_ids[0].body)

    def test_report_lists_levels_by_severity(self):
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW):
            for level in ("low", "critical", "medium", "high"):
                self._create_ticket(level, name=f"Issue at {level}")
        names = [t.name for t in self.charter._hypercare_handover_tickets()]
        self.assertEqual(
            names,
            ["Issue at critical", "Issue at high", "Issue at medium", "Issue at low"],
        )

    def test_report_prints_numbers_and_the_gate_as_frozen(self):
        """The handover report numbers its tickets, carries its title in the
        layout's header, and prints the frozen gate as measured: a trend
        signed ("+17"), "not enough data" where nothing was measured."""
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW):
            ticket = self._create_ticket("high", name="Posting fails")
            self.charter.with_user(self.manager).action_close(override_reason="Go")
        criteria = self.charter.exit_criterion_ids
        trend = criteria.filtered(lambda c: c.kind == "incoming_trend")
        trend.sudo().with_context(**{FREEZE_ACTION: True}).frozen_value = 17
        trend.invalidate_recordset()
        self.assertEqual(trend._hypercare_value_display(), "+17")
        pulse = criteria.filtered(lambda c: c.kind == "pulse")
        self.assertTrue(pulse.not_enough_data)
        with freeze_time(NOW):
            html, _kind = self.env["ir.actions.report"]._render_qweb_html(
                "hypercare_support.hypercare_handover_report", self.charter.ids
            )
        html = html.decode()
        self.assertIn(f"#{ticket.id}", html)
        self.assertIn("+17", html)
        self.assertIn("not enough data", html)
        self.assertIn(f"Handover to BAU — {self.charter.name}", html)

    def test_after_close_every_way_in_leads_to_bau(self):
        """A ticket resolved before close and reopened afterwards, and one
        arriving after close (by e-mail, from a watch rule): both go to the
        BAU contact on the BAU matrix."""
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW):
            early = self._create_ticket(
                "high",
                name="Solved before close",
                **self._owner_vals(self.champion_user),
            )
            self._resolve(early)
        with freeze_time(NOW + HOUR):
            self._close(self.manager, override_reason="Go")
        self.assertFalse(early.hypercare_handover_date)
        with freeze_time(NOW + 2 * HOUR):
            self._reopen(early)
            late = self._create_ticket(
                "high",
                name="Arrived after close",
                **self._owner_vals(self.champion_user),
            )
        for ticket in early | late:
            self.assertEqual(self._owners(ticket), self.bau_user, ticket.name)
            self.assertEqual(ticket.severity_id, self._bau_row("high"), ticket.name)
            self.assertEqual(ticket.hypercare_handover_date, NOW + 2 * HOUR)

    def test_bau_contact_told_once(self):
        self.charter.bau_contact_id = self.bau_user
        self._open_tickets(3)
        with freeze_time(NOW + HOUR):
            self._close(self.manager, override_reason="Go")
        notices = self.charter.message_ids.filtered(
            lambda m: self.bau_user.partner_id in m.notification_ids.res_partner_id
        )
        self.assertEqual(len(notices), 1)
        self.assertIn("Handed over to BAU", notices.body)

    def test_closed_charter_sends_no_escalation_nor_digest(self):
        """After the handover the scan neither notifies nor escalates."""
        self.charter.bau_contact_id = self.bau_user
        tickets = self._open_tickets(1, level="critical")
        with freeze_time(NOW + HOUR):
            self._close(self.manager, override_reason="Go")
        activities = tickets.activity_ids
        messages = len(self.charter.message_ids)
        with freeze_time(NOW + 12 * HOUR):
            self._scan()
        self.assertEqual(tickets.sla_resolution_status, "failed")
        self.assertEqual(tickets.support_layer, "l1")
        self.assertEqual(tickets.activity_ids, activities)
        self.assertEqual(len(self.charter.message_ids), messages)


@tagged("-at_install", "post_install")
class TestHandoverTour(HandoverMixin, HypercareCase, HttpCase):
    """In the browser: a manager closes the charter and gets the handover PDF."""

    def test_manager_closes_and_gets_the_handover_report(self):
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW):
            ticket = self._create_ticket(
                "high", name="Stuck invoice", **self._owner_vals(self.champion_user)
            )
        self.start_tour(
            f"/odoo/hypercare.charter/{self.charter.id}",
            "hypercare_handover_tour",
            login="hc_manager",
        )
        self.assertEqual(self.charter.state, "closed")
        self.assertEqual(self.charter.handover_state, "running")
        self._run_handover_job()
        self.assertEqual(self.charter.handover_state, "done")
        self.assertTrue(self.charter.handover_attachment_id)
        self.assertEqual(self._owners(ticket), self.bau_user)
        self.assertEqual(ticket.severity_id, self._bau_row("high"))
