from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import NOW
from .common_known_issue import KnownIssueCase

FLOOD = 40
REPORTERS = 8


@tagged("-at_install", "post_install")
class TestKnownIssueBoard(KnownIssueCase):
    """A go-live flood reads as one problem on the champions' board: one card
    for the open reports of a known issue, with its affected count; the
    dashboard and the stand-up show the next hotfix window and what it
    carries."""

    reporter_count = REPORTERS

    # -- helpers -----------------------------------------------------------------

    def _flood(self, count=FLOOD, critical=()):
        """``count`` reports of the same posting error, in one create; those
        at the positions ``critical`` are critical, the others high."""
        severities = {
            level: self.charter.severity_ids.filtered(
                lambda s, lv=level: s.level == lv and s.phase == "hypercare"
            ).id
            for level in ("critical", "high")
        }
        return self.env[self.ticket_model].create(
            [
                {
                    "name": f"Cannot post the vendor bill {n}",
                    self.carrier_field: self.charter[self.carrier_field].id,
                    "severity_id": severities["critical" if n in critical else "high"],
                    **self._ticket_vals(
                        {"hypercare_reporter_id": self.reporters[n % REPORTERS].id}
                    ),
                }
                for n in range(count)
            ]
        )

    def _link(self, tickets):
        """The champion creates a known issue from the first report and links
        the others to it, as on the board."""
        champion = tickets.with_user(self.champion_user)
        action = champion[:1].action_hypercare_create_known_issue()
        issue = self.KnownIssue.browse(action["res_id"])
        champion[1:].write({"hypercare_known_issue_id": issue.id})
        return issue

    def _board_filters(self):
        """The board's action and its search view's filter domains by name."""
        Ticket = self.env[self.ticket_model]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            Ticket._hypercare_action_xmlid
        )
        arch = Ticket.get_views([(action["search_view_id"][0], "search")])["views"][
            "search"
        ]["arch"]
        filters = {
            node.get("name"): node.get("domain")
            for node in etree.fromstring(arch).xpath("//filter[@domain]")
        }
        return action, filters

    def _board(self, *extra_filters):
        """What the champion's board shows: the action's domain and its
        default filters, and ``extra_filters`` (as the search view combines
        them: OR-ed within a group, i.e. here with the default of that group)."""
        action, filters = self._board_filters()
        context = safe_eval(action["context"])
        defaults = [
            key[len("search_default_") :]
            for key, value in context.items()
            if key.startswith("search_default_") and value
        ]
        self.assertIn("one_card_per_known_issue", defaults)
        domain = Domain(safe_eval(action["domain"]))
        for name in defaults:
            group = Domain(safe_eval(filters[name], {"uid": self.champion_user.id}))
            if name == "one_card_per_known_issue" and "all_reports" in extra_filters:
                group |= Domain(safe_eval(filters["all_reports"]))
            domain &= group
        return (
            self.env[self.ticket_model]
            .with_user(self.champion_user)
            .search(domain & Domain("hypercare_charter_id", "=", self.charter.id))
        )

    # -- the board ---------------------------------------------------------------

    def test_flood_is_one_card_with_its_count(self):
        """Forty linked reports, one card: the most severe report (then the
        first), with the known issue's affected count; Show all reports shows
        the forty."""
        with freeze_time(NOW):
            other = self._create_ticket("medium", name="Printer offline")
            tickets = self._flood(critical=(7,))
            self.assertEqual(len(self._board()), FLOOD + 1)
            issue = self._link(tickets)
        board = self._board()
        self.assertEqual(board, other | tickets[7])
        card = tickets[7].with_user(self.champion_user)
        self.assertEqual(card.hypercare_known_issue_affected_count, REPORTERS)
        self.assertEqual(issue.affected_user_count, REPORTERS)
        self.assertEqual(issue.open_ticket_count, FLOOD)
        self.assertEqual(
            tickets.filtered(lambda t: not t.hypercare_ki_collapsed), tickets[7]
        )
        self.assertEqual(self._board("all_reports"), other | tickets)
        # the badge opens the known issue
        action = card.action_hypercare_open_known_issue()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("hypercare.known.issue", issue.id)
        )
        # the flag is the engine's: nobody writes it, champions included
        with self.assertRaises(AccessError):
            tickets[0].with_user(self.champion_user).write(
                {"hypercare_ki_collapsed": False}
            )

    def test_resolving_the_card_promotes_another(self):
        with freeze_time(NOW):
            tickets = self._flood(count=5)
            self._link(tickets)
        self.assertEqual(self._board(), tickets[0])
        self._resolve(tickets[0])
        self.assertEqual(self._board(), tickets[1])
        self.assertFalse(tickets[0].hypercare_ki_collapsed)
        # cancelling the new card promotes the next one; a reopened report
        # of the open known issue goes back behind its card
        self._cancel(tickets[1])
        self.assertEqual(self._board(), tickets[2])
        self._reopen(tickets[0])
        self.assertEqual(self._board(), tickets[0])
        self.assertTrue(tickets[2].hypercare_ki_collapsed)

    def test_a_more_severe_report_becomes_the_card(self):
        with freeze_time(NOW):
            tickets = self._flood(count=4)
            issue = self._link(tickets)
        self.assertEqual(self._board(), tickets[0])
        tickets[2].with_user(self.champion_user).write(
            {"severity_id": self.sev["critical"].id}
        )
        self.assertEqual(self._board(), tickets[2])
        self.assertEqual(issue.severity_level, "critical")

    def test_a_breached_report_becomes_the_card(self):
        """The scan's breach picks the card: the board's Breached filter,
        with the default one card per known issue, finds the flood."""
        with freeze_time(NOW):
            tickets = self._flood(count=4)
            self._link(tickets)
            # waiting for its reporter: its clock stops
            self._pause(tickets[0])
        self.assertEqual(self._board(), tickets[0])
        _action, filters = self._board_filters()
        breached = Domain(safe_eval(filters["breached"]))
        with freeze_time(tickets[1].resolution_deadline + timedelta(minutes=1)):
            self._scan()
        self.assertFalse(tickets[0].sla_breached)
        self.assertTrue(tickets[1].sla_breached)
        self.assertEqual(self._board(), tickets[1])
        self.assertEqual(self._board().filtered_domain(breached), tickets[1])
        self.assertTrue(tickets[0].hypercare_ki_collapsed)

    def test_unlinking_shows_the_card_again(self):
        with freeze_time(NOW):
            tickets = self._flood(count=6)
            issue = self._link(tickets)
            other_issue = self.KnownIssue.with_user(self.champion_user).create(
                {"charter_id": self.charter.id, "name": "Another posting error"}
            )
        champion = tickets.with_user(self.champion_user)
        champion[3].write({"hypercare_known_issue_id": False})
        self.assertEqual(self._board(), tickets[0] | tickets[3])
        # unlinking the card itself promotes the next report
        champion[0].write({"hypercare_known_issue_id": False})
        self.assertEqual(self._board(), tickets[0] | tickets[1] | tickets[3])
        # relinked to another known issue: the card of that one
        champion[4:6].write({"hypercare_known_issue_id": other_issue.id})
        self.assertEqual(
            self._board(), tickets[0] | tickets[1] | tickets[3] | tickets[4]
        )
        self.assertEqual(issue.open_ticket_count, 2)

    def test_a_closed_known_issue_shows_every_report(self):
        """Cancelled, its reports are cards of their own again (and one card
        when reopened); deleted, the same; a report reopened after the fix is
        a card of its own."""
        with freeze_time(NOW):
            tickets = self._flood(count=3)
            issue = self._link(tickets)
        issue.with_user(self.champion_user).action_cancel()
        self.assertEqual(self._board(), tickets)
        issue.with_user(self.champion_user).action_reset()
        self.assertEqual(self._board(), tickets[0])
        issue.with_user(self.champion_user).action_fix()
        self.assertFalse(self._board())
        # without the Open filter the resolved reports are all listed
        one_card = Domain(
            safe_eval(self._board_filters()[1]["one_card_per_known_issue"])
        )
        self.assertEqual(
            self.env[self.ticket_model]
            .with_user(self.champion_user)
            .search(one_card & Domain("id", "in", tickets.ids)),
            tickets,
        )
        self._reopen(tickets[1])
        self._reopen(tickets[2])
        self.assertEqual(self._board(), tickets[1] | tickets[2])
        issue.with_user(self.champion_user).action_reset()
        self.assertEqual(self._board(), tickets[1])
        issue.unlink()
        self.assertEqual(self._board(), tickets[1] | tickets[2])

    def test_flags_of_existing_links_are_filled(self):
        """Installing the flag on a database with linked reports collapses
        them (the column's initialisation)."""
        with freeze_time(NOW):
            tickets = self._flood(count=4)
            self._link(tickets)
        Ticket = self.env[self.ticket_model]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET hypercare_ki_collapsed = NULL",
                SQL.identifier(Ticket._table),
            )
        )
        self.env.invalidate_all()
        self.assertEqual(len(self._board()), 4)
        Ticket._init_column("hypercare_ki_collapsed")
        self.env.invalidate_all()
        self.assertEqual(self._board(), tickets[0])

    # -- the dashboard and the stand-up -------------------------------------------

    def test_next_hotfix_window_on_the_dashboard_and_the_standup(self):
        with freeze_time(NOW):
            tickets = self._flood(count=10)
            issue = self._link(tickets)
            Window = self.env["hypercare.hotfix.window"].with_user(self.champion_user)
            later = Window.create(
                {
                    "charter_id": self.charter.id,
                    "name": "Hotfix 1.0.2",
                    "date_planned": NOW + timedelta(days=3),
                }
            )
            window = Window.create(
                {
                    "charter_id": self.charter.id,
                    "name": "Hotfix 1.0.1",
                    # 18:00 in Brussels (the charter's calendar)
                    "date_planned": NOW.replace(hour=17) + timedelta(days=1),
                }
            )
            issue.with_user(self.champion_user).hotfix_window_id = window
            charter = self.charter.with_user(self.champion_user)
            tiles = {
                tile["key"]: tile
                for tile in charter._hypercare_dashboard_sections()["tiles"]
            }
            lines = [
                line
                for section in charter._hypercare_standup_sections()
                for line in section["lines"]
            ]
        tile = tiles["hotfix_windows"]
        self.assertEqual(tile["value"], "Hotfix 1.0.1")
        self.assertEqual(tile["detail"], "Tue 24 Nov, 18:00")
        self.assertEqual(
            tile["lines"], [{"label": issue.name, "value": f"{REPORTERS} affected"}]
        )
        # the tile opens the planned windows, the calendar on the next one
        action = tile["action"]
        self.assertIn("calendar", action["view_mode"].split(","))
        self.assertEqual(action["context"]["search_default_planned"], 1)
        self.assertEqual(action["context"]["initial_date"], "2026-11-24 17:00:00")
        self.assertEqual(
            self.env["hypercare.hotfix.window"]
            .with_user(self.champion_user)
            .search(
                Domain(action["domain"]) & Domain("state", "=", "planned"),
                order="date_planned",
            ),
            window | later,
        )
        self.assertIn(
            f"Next hotfix window Hotfix 1.0.1, Tue 24 Nov, 18:00, carries: "
            f"{issue.name} ({REPORTERS} affected)",
            lines,
        )
        self.assertIn(
            "Hotfix window Hotfix 1.0.2, Thu 26 Nov, 10:00, carries: nothing yet",
            lines,
        )

    def test_no_window_planned(self):
        tile = {
            tile["key"]: tile
            for tile in self.charter.with_user(
                self.champion_user
            )._hypercare_dashboard_sections()["tiles"]
        }["hotfix_windows"]
        self.assertEqual((tile["value"], tile["state"]), ("None planned", "muted"))
        self.assertFalse(tile["lines"])

    def test_known_issue_views_show_the_affected_count(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_known_issue_action"
        )
        views = self.KnownIssue.with_user(self.champion_user).get_views(
            [(False, "list"), (False, "kanban")]
        )["views"]
        for view_type in ("list", "kanban"):
            self.assertIn(view_type, action["view_mode"].split(","))
            self.assertIn('name="affected_user_count"', views[view_type]["arch"])
            self.assertIn('name="open_ticket_count"', views[view_type]["arch"])

    def test_create_known_issue_in_the_form_header(self):
        """Where a champion looks: the ticket's header, for its staff, while
        the ticket is open and on no known issue."""
        arch = (
            self.env[self.ticket_model]
            .with_user(self.champion_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        buttons = etree.fromstring(arch).xpath(
            "//header/button[@name='action_hypercare_create_known_issue']"
        )
        self.assertEqual(len(buttons), 1)
        self.assertEqual(
            buttons[0].get("invisible"),
            "not hypercare_user_is_staff or hypercare_known_issue_id "
            "or not hypercare_is_open",
        )
