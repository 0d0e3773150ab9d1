import random
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import HypercareCase

# the history below runs from go-live (Monday 2026-11-16) to 2026-12-17 at
# the latest; the figures are read at these moments after it: inside a week,
# on a Monday morning, a week later
MOMENTS = (
    datetime(2026, 12, 17, 15, 30, 0),
    datetime(2026, 12, 18, 11, 45, 0),
    datetime(2026, 12, 21, 8, 15, 0),
    datetime(2026, 12, 29, 9, 0, 0),
)


@tagged("-at_install", "post_install")
class TestTicketCube(HypercareCase):
    """The dashboard and the exit gate read the charter's figures from the
    cube that triggers keep on the carriers' tables, and from the current
    week's tickets: every figure equals the one read from all the tickets,
    whatever happened to them, whenever it is read."""

    def _at(self, when, action, *args):
        with freeze_time(when):
            return action(*args)

    def _history(self):
        """Forty tickets over four weeks, each living its life: acknowledged,
        resolved, reopened, paused, cancelled, escalated, linked to a known
        issue, their severity changed, the scan run in between."""
        rng = random.Random(20261207)
        start = datetime(2026, 11, 16, 7, 0, 0)
        levels = ["critical", "high", "medium", "low"]
        champion = self.env["hypercare.ticket.mixin"].with_user(self.champion_user)
        issue = None
        tickets = []
        for n in range(40):
            when = start + timedelta(hours=rng.randint(0, 24 * 23))
            with freeze_time(when):
                ticket = self._create_ticket(
                    level=rng.choice(levels),
                    name=f"Issue {n}",
                    issue_type=rng.choice(["defect", "how_to", "defect"]),
                )
            tickets.append((when, ticket))
        for when, ticket in sorted(tickets, key=lambda pair: pair[0]):
            mine = ticket.with_user(self.champion_user)
            later = when + timedelta(hours=rng.randint(1, 40))
            roll = rng.random()
            if roll < 0.8:
                self._at(later, mine.action_hypercare_acknowledge)
            if roll < 0.15:
                self._at(later, mine.action_hypercare_set_severity, "high")
            if 0.15 <= roll < 0.3:
                if issue is None:
                    self._at(later, mine.action_hypercare_create_known_issue)
                    issue = ticket.hypercare_known_issue_id
                else:
                    self._at(later, mine.write, {"hypercare_known_issue_id": issue.id})
            if 0.3 <= roll < 0.4:
                self._at(later, self._pause, ticket)
                if rng.random() < 0.5:
                    self._at(later + timedelta(hours=30), self._resume, ticket)
            if 0.4 <= roll < 0.45:
                self._at(later, self._cancel, ticket)
                continue
            if 0.45 <= roll < 0.55:
                self._at(later, mine.write, {"support_layer": "l2"})
            done = later + timedelta(hours=rng.randint(1, 72))
            if rng.random() < 0.6:
                self._at(done, self._resolve, ticket)
                if rng.random() < 0.2:
                    self._at(done + timedelta(hours=20), self._reopen, ticket)
            if rng.random() < 0.3:
                self._at(done, self._scan)
        del champion
        return [ticket for _when, ticket in tickets]

    def _figures(self, now, scan):
        """(dashboard counts, exit gate counts) at ``now``, from every ticket
        (``scan``) or from the cube."""
        Report = self.env["hypercare.ticket.report"]
        Criterion = self.env["hypercare.exit.criterion"]
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(now):
            bounds, _tz = self.charter._hypercare_dashboard_weeks(now)
            window = Criterion._charter_exit_window(
                self.charter, now, min_weeks=max(len(bounds) - 2, 2)
            )
            since = now - timedelta(days=3, hours=5)
            groups = gate_groups = None
            if scan:
                groups = Report._charter_scan_groups(
                    self.charter, now, window[0], bounds, since
                )
                gate_groups = Report._charter_scan_groups(self.charter, now, window[0])
            dashboard = Report._charter_dashboard_counts(
                self.charter, now, bounds, since, window, groups=groups
            )
            gate = Report._charter_exit_counts(
                self.charter, now, *window, groups=gate_groups
            )
        return dashboard, gate

    maxDiff = None

    def _assert_same(self, moments=MOMENTS):
        """The figures at each moment; returns those of the first."""
        figures = []
        for now in moments:
            with self.subTest(now=now):
                cube, reference = self._figures(now, False), self._figures(now, True)
                self.assertEqual(cube, reference)
                figures.append(reference)
        return figures[0]

    def _cube_rows(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM hypercare_ticket_cube WHERE charter_id = %s",
            (self.charter.id,),
        )
        return self.env.cr.fetchone()[0]

    def test_figures_equal_the_tickets(self):
        tickets = self._history()
        dashboard, gate = self._assert_same()
        # not vacuous: the history shows in every kind of figure
        weeks = dashboard["weeks"].values()
        self.assertGreaterEqual(sum(w["incoming"] for w in weeks), 20)
        self.assertTrue(sum(w["resolved"] for w in weeks))
        self.assertTrue(sum(w["how_to"] for w in weeks))
        for clock in ("response", "resolution", "bau_response", "bau_resolution"):
            met = sum(w[clock][0] for w in weeks)
            due = sum(w[clock][1] for w in weeks)
            self.assertTrue(0 < due, clock)
            self.assertTrue(met < due, clock)
        self.assertTrue(any(dashboard["burn"]["medium"]))
        totals, weekly = gate
        self.assertTrue(totals["sla_due"] and totals["last"])
        self.assertTrue(any(due for due, _met in weekly.values()))
        # the same after the rows are added up, and after a change of the
        # charter's time zone (its weeks)
        before = self._cube_rows()
        cron = self.env.ref("hypercare_support.ir_cron_cube_compact")
        self.assertEqual(cron.code, "model._cron_hypercare_cube_compact()")
        self.env["hypercare.charter"]._cron_hypercare_cube_compact()
        self.assertLess(self._cube_rows(), before)
        self._assert_same()
        self.calendar.tz = "America/New_York"
        self._assert_same()
        # a write outside the ORM is counted too
        self.env.flush_all()
        self.env.cr.execute(
            f"UPDATE {self.env[self.ticket_model]._table} "
            "SET date_reported = date_reported - interval '8 days' WHERE id = ANY(%s)",
            ([t.id for t in tickets[:5]],),
        )
        self._assert_same()

    def test_current_week_is_read_at_the_time(self):
        """A clock falling due this week counts once its deadline is past, a
        ticket reported since the stand-up is new: the time, not a write,
        changes these figures."""
        self._set_severity("critical", 1, 4)
        ticket = self._at(
            datetime(2026, 12, 7, 9, 0, 0), self._create_ticket, "critical"
        )
        early, late = datetime(2026, 12, 7, 9, 30, 0), datetime(2026, 12, 8, 9, 0, 0)
        self._assert_same((early, late))
        dashboard, gate = self._figures(late, False)
        self.assertEqual(gate[0]["sla_due"], 1)
        dashboard_early, gate_early = self._figures(early, False)
        self.assertEqual(gate_early[0]["sla_due"], 0)
        self.assertEqual(dashboard_early["new"], 1)
        current = max(dashboard["weeks"])
        self.assertEqual(dashboard["weeks"][current]["response"], [0, 1])
        self.assertEqual(dashboard_early["weeks"][current]["response"], [0, 0])
        self.assertTrue(ticket.hypercare_is_open)
