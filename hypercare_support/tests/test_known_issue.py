from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NOW
from .common_known_issue import KnownIssueCase


@tagged("-at_install", "post_install")
class TestKnownIssue(KnownIssueCase):
    """Go-live floods: known issues, hotfix windows and verification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # someone who follows the charter: told nothing about tickets
        cls.follower = new_test_user(
            cls.env,
            login="hc_follower",
            name="Fiona Follower",
            groups="base.group_user",
        )
        cls.charter.message_subscribe(cls.follower.partner_id.ids)

    def _report(self, reporter, level="high", **vals):
        ticket = self._create_ticket(level, hypercare_reporter_id=reporter.id, **vals)
        ticket.message_subscribe((reporter | self.follower).partner_id.ids)
        return ticket

    def _known_issue(self, tickets, **vals):
        """A known issue created by the champion from ``tickets``."""
        action = tickets.with_user(
            self.champion_user
        ).action_hypercare_create_known_issue()
        issue = self.KnownIssue.browse(action["res_id"])
        if vals:
            issue.with_user(self.champion_user).write(vals)
        return issue

    def _criterion(self, kind):
        self.env.invalidate_all()
        return self.charter.exit_criterion_ids.filtered(lambda c: c.kind == kind)

    # -- linking ---------------------------------------------------------------

    def test_create_from_ticket_links_and_acknowledges(self):
        """One click on the first report: a known issue named after it, the
        report linked, which is its first response."""
        with freeze_time(NOW - timedelta(hours=1)):
            first = self._report(self.reporters[0])
        self.assertFalse(first.date_acknowledged)
        with freeze_time(NOW):
            issue = self._known_issue(first)
        self.assertEqual(issue.name, first.name)
        self.assertEqual(issue.charter_id, self.charter)
        self.assertEqual(first.hypercare_known_issue_id, issue)
        self.assertEqual(first.date_acknowledged, NOW)
        self.assertEqual(first.sla_response_status, "met")
        self.assertEqual(issue.severity_level, "high")
        self.assertEqual((issue.ticket_count, issue.affected_user_count), (1, 1))

    def test_champion_links_a_card(self):
        """A champion links the next report on the board: first response."""
        with freeze_time(NOW - timedelta(hours=2)):
            first, second = (
                self._report(self.reporters[0]),
                self._report(self.reporters[1], level="critical"),
            )
            issue = self._known_issue(first)
        # the board suggests it by the similarity of the titles
        self.assertEqual(second.hypercare_known_issue_suggestion_id, issue)
        with freeze_time(NOW):
            second.with_user(self.champion_user).action_hypercare_link_known_issue()
        self.assertEqual(second.hypercare_known_issue_id, issue)
        self.assertEqual(second.date_acknowledged, NOW)
        self.assertEqual(issue.severity_level, "critical")
        self.assertEqual((issue.ticket_count, issue.affected_user_count), (2, 2))
        # a plain user cannot link (triage is the staff's)
        mine = self._report(self.user)
        with self.assertRaises(AccessError):
            mine.with_user(self.user).write({"hypercare_known_issue_id": issue.id})
        with self.assertRaises(UserError):
            mine.with_user(self.user).action_hypercare_link_known_issue()

    def test_me_too_as_plain_user(self):
        """The report dialog offers the open known issue matching the summary;
        "This is my problem too" creates the user's ticket linked to it and
        acknowledged, with the workaround; other reporters stay hidden."""
        with freeze_time(NOW - timedelta(hours=3)):
            other = self._report(self.reporters[0], name="Cannot post the vendor bill")
            issue = self._known_issue(
                other, workaround="<p>Post it from the journal entry instead.</p>"
            )
        Wizard = self.env["hypercare.report.issue"].with_user(self.user)
        with freeze_time(NOW):
            wizard = Wizard.create(
                {"name": "cannot post vendor bill", "description": "Tax error"}
            )
            self.assertEqual(wizard.hypercare_known_issue_ids, issue)
            unrelated = Wizard.create(
                {"name": "Printer is offline", "description": "x"}
            )
            self.assertFalse(unrelated.hypercare_known_issue_ids)
            action = wizard.action_me_too(issue.id)
        ticket = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(ticket.hypercare_known_issue_id, issue)
        self.assertEqual(ticket.hypercare_reporter_id, self.user)
        self.assertEqual(ticket.date_acknowledged, NOW)
        mine = ticket.with_user(self.user)
        self.assertIn("journal entry", mine.hypercare_known_issue_workaround)
        # the known issue: its name, state and workaround, not its reports
        seen = issue.with_user(self.user)
        self.assertEqual(
            seen.read(["name", "state", "workaround"])[0]["state"], "investigating"
        )
        self.assertEqual(
            self.env[self.ticket_model]
            .with_user(self.user)
            .search([("hypercare_known_issue_id", "=", issue.id)]),
            ticket,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user).read(["name"])
        with self.assertRaises(AccessError):
            seen.write({"workaround": "<p>Mine</p>"})
        # the dialog's values on no record (the dialog's button)
        with freeze_time(NOW):
            action = Wizard.action_me_too(issue.id, values={"name": "Same here"})
        again = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(again.hypercare_known_issue_id, issue)
        self.assertEqual(again.name, "Same here")

    def test_me_too_refuses_a_fixed_issue(self):
        other = self._report(self.reporters[0])
        issue = self._known_issue(other)
        issue.with_user(self.champion_user).action_fix()
        with self.assertRaises(UserError):
            self.env["hypercare.report.issue"].with_user(self.user).action_me_too(
                issue.id, values={"name": "Same", "description": "Same"}
            )

    # -- communicate, fix, deploy ---------------------------------------------

    def _flood(self, count=3):
        tickets = self.env[self.ticket_model]
        for n in range(count):
            tickets |= self._report(self.reporters[n % len(self.reporters)])
        return tickets

    def test_communicate_tells_each_reporter_once(self):
        """One note per linked open ticket, addressed to its reporter; the
        charter's and the tickets' followers get nothing: the only e-mails are
        the reporters' own (Odoo's default is to be told by e-mail)."""
        with freeze_time(NOW):
            tickets = self._flood()
            issue = self._known_issue(
                tickets, workaround="<p>Use the manual journal entry.</p>"
            )
            self._resolve(tickets[2])
            open_tickets = tickets[:2]
            before = self.env["mail.message"].search([]).ids
            mails_before = self.env["mail.mail"].search([]).ids
            issue.with_user(self.champion_user).action_communicate()
        self.assertEqual(issue.state, "workaround")
        messages = self.env["mail.message"].search(
            [("id", "not in", before), ("model", "=", self.ticket_model)]
        )
        self.assertEqual(sorted(messages.mapped("res_id")), sorted(open_tickets.ids))
        for message in messages:
            ticket = self.env[self.ticket_model].browse(message.res_id)
            self.assertIn("manual journal entry", message.body)
            self.assertEqual(
                message.partner_ids, ticket.hypercare_reporter_id.partner_id
            )
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        self.assertEqual(
            notified.res_partner_id, open_tickets.hypercare_reporter_id.partner_id
        )
        self.assertNotIn(self.follower.partner_id, notified.res_partner_id)
        mails = self.env["mail.mail"].search([("id", "not in", mails_before)])
        self.assertEqual(mails.mail_message_id, messages)
        self.assertEqual(
            mails.recipient_ids, open_tickets.hypercare_reporter_id.partner_id
        )
        self.assertTrue(all(len(mail.recipient_ids) == 1 for mail in mails))

    def test_fix_resolves_every_open_ticket_with_its_own_outcome(self):
        """Fixed: each linked open ticket resolved now, its SLA outcome
        recorded on its own clock, its reporter told and asked to verify."""
        self._set_severity("high", 1, 8)
        with freeze_time(NOW - timedelta(hours=10)):
            late = self._report(self.reporters[0])
        with freeze_time(NOW - timedelta(hours=1)):
            in_time = self._report(self.reporters[1])
        with freeze_time(NOW - timedelta(minutes=30)):
            issue = self._known_issue(late | in_time)
        with freeze_time(NOW):
            before = self.env["mail.message"].search([]).ids
            issue.with_user(self.champion_user).action_fix(
                note="<p>Patched tax map.</p>"
            )
        self.assertEqual((issue.state, issue.date_fixed), ("fixed", NOW))
        for ticket in late | in_time:
            self.assertEqual(ticket.hypercare_state, "done")
            self.assertEqual(ticket.date_resolved, NOW)
            self.assertEqual(ticket.hypercare_verification, "pending")
        self.assertEqual(late.sla_resolution_status, "failed")
        self.assertEqual(in_time.sla_resolution_status, "met")
        messages = self.env["mail.message"].search(
            [("id", "not in", before), ("model", "=", self.ticket_model)]
        )
        fix_notes = messages.filtered(lambda m: "Patched tax map" in m.body)
        self.assertEqual(len(fix_notes), 2)
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        self.assertEqual(
            notified.res_partner_id, (late | in_time).hypercare_reporter_id.partner_id
        )
        self.assertFalse(issue.severity_level)
        log = issue.message_ids.filtered(lambda m: "resolved" in (m.body or ""))
        self.assertIn("Fixed: 2 tickets resolved", log[:1].body)

    def test_deploy_window_fixes_its_known_issues(self):
        with freeze_time(NOW - timedelta(hours=2)):
            tickets = self._flood(2)
            issue = self._known_issue(tickets)
            window = (
                self.env["hypercare.hotfix.window"]
                .with_user(self.champion_user)
                .create(
                    {
                        "charter_id": self.charter.id,
                        "name": "Hotfix 1",
                        "date_planned": NOW,
                        "note": "<p>Release 1.0.1 fixes the tax map.</p>",
                    }
                )
            )
            issue.with_user(self.champion_user).hotfix_window_id = window
        self.assertEqual(issue.state, "scheduled")
        tiles = {
            tile["key"]: tile
            for tile in self.charter.with_user(
                self.champion_user
            )._hypercare_dashboard_sections()["tiles"]
        }
        self.assertEqual(tiles["known_issues"]["value"], 1)
        self.assertEqual(tiles["hotfix_windows"]["value"], "Hotfix 1")
        # the stand-up names the window and what it carries
        self.assertIn(
            "Hotfix 1",
            "\n".join(
                line
                for section in self.charter.with_user(
                    self.champion_user
                )._hypercare_standup_sections()
                for line in section["lines"]
            ),
        )

        with freeze_time(NOW):
            window.with_user(self.champion_user).action_deploy()
        self.assertEqual(window.state, "deployed")
        self.assertEqual(issue.state, "fixed")
        self.assertEqual(set(tickets.mapped("hypercare_state")), {"done"})
        self.assertEqual(set(tickets.mapped("hypercare_verification")), {"pending"})
        for ticket in tickets:
            self.assertTrue(
                ticket.message_ids.filtered(lambda m: "Release 1.0.1" in (m.body or ""))
            )
        # a plain user neither reads nor deploys windows
        with self.assertRaises(AccessError):
            window.with_user(self.user).read(["name"])

    # -- verification ---------------------------------------------------------

    def test_confirm_by_reporter(self):
        with freeze_time(NOW):
            ticket = self._report(self.user)
            self._resolve(ticket)
        self.assertEqual(ticket.hypercare_verification, "pending")
        with self.assertRaises(UserError):
            ticket.with_user(self.champion_user).action_hypercare_confirm()
        with freeze_time(NOW + timedelta(hours=2)):
            mine = ticket.with_user(self.user)
            self.assertTrue(mine.hypercare_can_confirm)
            mine.action_hypercare_confirm()
        self.assertEqual(ticket.hypercare_verification, "confirmed")
        self.assertEqual(ticket.hypercare_date_verified, NOW + timedelta(hours=2))

    def test_auto_after_reopen_days(self):
        days = self.charter.reopen_days
        with freeze_time(NOW):
            ticket = self._report(self.user)
            self._resolve(ticket)
        Charter = self.env["hypercare.charter"]
        with freeze_time(NOW + timedelta(days=days) - timedelta(hours=1)):
            Charter._cron_hypercare_verification()
        self.assertEqual(ticket.hypercare_verification, "pending")
        with freeze_time(NOW + timedelta(days=days, hours=1)):
            Charter._cron_hypercare_verification()
        self.assertEqual(ticket.hypercare_verification, "auto")

    def test_reopen_marks_reopened(self):
        with freeze_time(NOW):
            ticket = self._report(self.user)
            self._resolve(ticket)
        with freeze_time(NOW + timedelta(days=1)):
            ticket.with_user(self.user).action_hypercare_reopen(reason="Not fixed")
        self.assertEqual(ticket.hypercare_verification, "reopened")
        self.assertEqual(ticket.hypercare_reopen_count, 1)
        self.assertEqual(ticket.date_reopened, NOW + timedelta(days=1))
        self.assertEqual(ticket.date_first_resolved, NOW)
        with freeze_time(NOW + timedelta(days=2)):
            self._resolve(ticket)
        self.assertEqual(ticket.hypercare_verification, "pending")
        self.assertEqual(ticket.date_first_resolved, NOW)

    # -- exit gate ------------------------------------------------------------

    def test_reopen_rate(self):
        """Last full week's resolutions (first resolved that week) that were
        reopened since: 1 of 4 = 25 %, not met below 10; not required."""
        criterion = self._criterion("reopen_rate")
        self.assertEqual(len(criterion), 1)
        self.assertFalse(criterion.required)
        self.assertEqual(criterion.threshold, 10.0)
        with freeze_time(datetime(2026, 11, 17, 9, 0)):
            tickets = self._flood(4)
        with freeze_time(datetime(2026, 11, 18, 9, 0)):
            for ticket in tickets:
                self._resolve(ticket)
        with freeze_time(datetime(2026, 11, 19, 9, 0)):
            tickets[0].with_user(
                tickets[0].hypercare_reporter_id
            ).action_hypercare_reopen(reason="Not fixed")
        with freeze_time(NOW):
            criterion = self._criterion("reopen_rate")
            self.assertAlmostEqual(criterion.current_value, 25.0)
            self.assertFalse(criterion.is_met)
        # this week's resolutions are not last week's
        with freeze_time(NOW):
            self._resolve(tickets[0])
            criterion = self._criterion("reopen_rate")
            self.assertAlmostEqual(criterion.current_value, 25.0)

    def test_open_high_counts_problems(self):
        """A flood of 40 high reports on one known issue counts as one open
        high problem; unlinked tickets count one each; a known issue counts
        at the highest level among its open tickets."""
        Ticket = self.env[self.ticket_model]
        with freeze_time(NOW):
            flood = Ticket.create(
                [
                    {
                        "name": f"Cannot post invoice {n}",
                        self.carrier_field: self.charter[self.carrier_field].id,
                        "severity_id": self.sev["high"].id,
                        **self._ticket_vals({}),
                    }
                    for n in range(40)
                ]
            )
            issue = self._known_issue(flood[:1])
            flood.write({"hypercare_known_issue_id": issue.id})
            loose = self._flood(2)
            critical = self._report(self.reporters[0], level="critical")
            high = self._report(self.reporters[1])
            mixed = self._known_issue(critical | high)
            self.assertEqual(self._criterion("open_high").current_value, 3.0)
            self.assertEqual(self._criterion("open_critical").current_value, 1.0)
            self.assertTrue(self._criterion("open_high").is_met)
        self.assertEqual(issue.severity_level, "high")
        self.assertEqual(issue.ticket_count, 40)
        self.assertEqual(mixed.severity_level, "critical")
        # resolved, the critical report leaves its known issue at high
        with freeze_time(NOW):
            self._resolve(critical)
            self.assertEqual(mixed.severity_level, "high")
            self.assertEqual(self._criterion("open_high").current_value, 4.0)
            self.assertEqual(self._criterion("open_critical").current_value, 0.0)
        self.assertTrue(loose)
