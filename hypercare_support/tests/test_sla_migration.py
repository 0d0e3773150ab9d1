import importlib.util
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.misc import file_path

from .common import NOW
from .test_sla_outcomes import FRIDAY, HOUR, SlaOutcomeCase
from .test_sla_units import PAUSED_FROM, PAUSED_UNTIL


def _load_migration():
    path = file_path("hypercare_support/migrations/19.0.1.5.0/end-migrate.py")
    spec = importlib.util.spec_from_file_location("hypercare_migrate_1_5_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("-at_install", "post_install")
class TestSlaMigration(SlaOutcomeCase):
    """19.0.1.5.0 on a database of 19.0.1.4.0: the pause totals get both
    units (from the stage history where it adds up, else as stored), the
    running clocks of open tickets are recomputed, BAU ones included, an empty
    BAU deadline is filled and a stopped clock keeps its deadlines."""

    def _move(self, ticket, user=None, **flags):
        """Stage moves tracked, as in a real database (the fixture disables
        tracking), each at the frozen time."""
        stage = self._stage(ticket, **flags)
        ticket.with_context(tracking_disable=False).write({"stage_id": stage.id})
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _weekend_pause(self, level, tracked=True):
        with freeze_time(FRIDAY):
            ticket = self._create_ticket(level, name=f"Weekend {level} {tracked}")
            # a creation's own changes are not tracked before the commit
            self.env.flush_all()
            self.env.cr.precommit.run()
        move = self._move if tracked else super()._move
        with freeze_time(PAUSED_FROM):
            move(ticket, hypercare_pauses_sla=True)
        with freeze_time(PAUSED_UNTIL):
            move(ticket, hypercare_pauses_sla=False, hypercare_resolves=False)
        return ticket

    def _as_before(self, ticket, **columns):
        """Put ``ticket`` back as 19.0.1.4.0 left it: no working-hours twins,
        and the given columns."""
        self.env.flush_all()
        assignments = [
            SQL("%s = NULL", SQL.identifier(fname))
            for fname in (
                "sla_paused_business_hours",
                "sla_response_paused_business_hours",
            )
        ] + [
            SQL("%s = %s", SQL.identifier(fname), value)
            for fname, value in columns.items()
        ]
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = %s",
                SQL.identifier(ticket._table),
                SQL(", ").join(assignments),
                ticket.id,
            )
        )
        self.env.invalidate_all()

    def _migrate(self):
        with freeze_time(PAUSED_UNTIL + 2 * HOUR):
            _load_migration().migrate(self.env.cr, "19.0.1.4.0")
        self.env.invalidate_all()

    def test_pauses_in_both_units_and_bau_deadlines_recomputed(self):
        self._set_severity("medium", 4.0, 24.0, business=True)
        # a wall-clock P2: 65 wall-clock hours stored, its BAU deadline as the
        # old code left it (24 + 65 working hours)
        wall_row = self._weekend_pause("high")
        self._as_before(wall_row, bau_resolution_deadline=datetime(2026, 12, 7, 15))
        # a business-hours P3: one working hour stored (Friday 16:00-17:00)
        business_row = self._weekend_pause("medium")
        self._as_before(
            business_row, sla_paused_hours=1.0, sla_response_paused_hours=1.0
        )
        # the same without a stage history: taken as stored
        untracked = self._weekend_pause("medium", tracked=False)
        self._as_before(untracked, sla_paused_hours=1.0, sla_response_paused_hours=1.0)
        before = {t: t.resolution_deadline for t in wall_row | business_row | untracked}
        self._migrate()
        self.assertAlmostEqual(wall_row.sla_paused_hours, 65.0)
        self.assertAlmostEqual(wall_row.sla_paused_business_hours, 1.0)
        self.assertAlmostEqual(wall_row.sla_response_paused_business_hours, 1.0)
        self.assertEqual(wall_row.bau_resolution_deadline, datetime(2026, 11, 25, 15))
        self.assertAlmostEqual(business_row.sla_paused_hours, 65.0)
        self.assertAlmostEqual(business_row.sla_paused_business_hours, 1.0)
        self.assertAlmostEqual(business_row.sla_response_paused_hours, 65.0)
        self.assertAlmostEqual(untracked.sla_paused_hours, 1.0)
        self.assertAlmostEqual(untracked.sla_paused_business_hours, 1.0)
        self.assertAlmostEqual(untracked.sla_response_paused_business_hours, 1.0)
        for ticket, deadline in before.items():
            self.assertEqual(ticket.resolution_deadline, deadline)

    def test_empty_bau_deadlines_filled_stopped_clocks_kept(self):
        with freeze_time(NOW):
            open_ticket = self._create_ticket("high", name="Open")
            empty = self._create_ticket("high", name="Closed, empty")
            stale = self._create_ticket("high", name="Closed, stale")
        with freeze_time(NOW + HOUR):
            for ticket in empty | stale:
                self._resolve(ticket)
        kept = {t: self._sla_outcome(t) for t in empty | stale}
        # the BAU P2 (4 / 24 working hours) from Monday 10:00 local
        bau = (datetime(2026, 11, 23, 13), datetime(2026, 11, 26, 9))
        for ticket in open_ticket | empty:
            self._as_before(
                ticket, bau_response_deadline=None, bau_resolution_deadline=None
            )
        old = (NOW + 2 * HOUR, NOW + 16 * HOUR)
        self._as_before(
            stale, bau_response_deadline=old[0], bau_resolution_deadline=old[1]
        )
        self._migrate()
        for ticket in open_ticket | empty:
            self.assertEqual(
                (ticket.bau_response_deadline, ticket.bau_resolution_deadline), bau
            )
        # a stopped clock's BAU deadline is evidence already: kept
        self.assertEqual(
            (stale.bau_response_deadline, stale.bau_resolution_deadline), old
        )
        for ticket, outcome in kept.items():
            self.assertEqual(self._sla_outcome(ticket), outcome)
