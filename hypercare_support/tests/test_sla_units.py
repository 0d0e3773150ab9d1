from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import NOW
from .test_sla_outcomes import FRIDAY, HOUR, SlaOutcomeCase

# Friday 16:00 and Monday 09:00 in Brussels: a weekend of waiting for the user
PAUSED_FROM = FRIDAY + HOUR
PAUSED_UNTIL = datetime(2026, 11, 23, 8, 0)


@tagged("-at_install", "post_install")
class TestSlaUnits(SlaOutcomeCase):
    """Each deadline adds the pause in the unit of its own clock (wall-clock
    or working hours), the BAU deadlines follow the BAU rows, and company-wide
    public holidays move the running business-hours deadlines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # public holidays are the settings administrator's (Odoo's rules)
        cls.admin = new_test_user(
            cls.env, login="hc_units_admin", groups="base.group_user,base.group_system"
        )

    def _bau(self, level):
        return self.charter.bau_severity_ids.filtered(lambda s: s.level == level)

    def _public_holiday(self, day, **vals):
        """A whole day off (Brussels) of the company, for no calendar."""
        return (
            self.env["resource.calendar.leaves"]
            .with_user(self.admin)
            .create(
                dict(
                    {
                        "name": "Public holiday",
                        "calendar_id": False,
                        "resource_id": False,
                        "date_from": datetime(2026, 11, day - 1, 23, 0),
                        "date_to": datetime(2026, 11, day, 22, 59, 59),
                        "time_type": "leave",
                    },
                    **vals,
                )
            )
        )

    # -- (7) pause hours in the unit of the clock they pause -------------------

    def test_weekend_pause_in_each_clock_unit(self):
        """A wall-clock P2 (2 h / 16 h) waits for the user from Friday 16:00 to
        Monday 09:00: 65 wall-clock hours, one working hour. Its BAU row counts
        24 working hours: the pause moves that deadline by one working hour."""
        self.assertTrue(self._bau("high").business_hours_only)
        with freeze_time(FRIDAY):
            ticket = self._create_ticket("high")
            # 24 working hours from Friday 15:00 local: Friday 2, Monday and
            # Tuesday 16, Wednesday 6: 15:00 local
            self.assertEqual(ticket.bau_resolution_deadline, datetime(2026, 11, 25, 14))
        with freeze_time(PAUSED_FROM):
            self._pause_as_champion(ticket)
        with freeze_time(PAUSED_UNTIL):
            self._resume_as_champion(ticket)
        self.assertAlmostEqual(ticket.sla_paused_hours, 65.0)
        self.assertAlmostEqual(ticket.sla_paused_business_hours, 1.0)
        self.assertAlmostEqual(ticket.sla_response_paused_hours, 65.0)
        self.assertAlmostEqual(ticket.sla_response_paused_business_hours, 1.0)
        # the hypercare row counts wall-clock hours
        self.assertEqual(ticket.response_deadline, FRIDAY + 67 * HOUR)
        self.assertEqual(ticket.resolution_deadline, FRIDAY + 81 * HOUR)
        # the BAU row working hours: 4 + 1 and 24 + 1 from Friday 15:00 local
        self.assertEqual(ticket.bau_response_deadline, datetime(2026, 11, 23, 11))
        self.assertEqual(ticket.bau_resolution_deadline, datetime(2026, 11, 25, 15))
        # regraded to a business-hours P3 (4 h / 24 h): its working hours too
        with freeze_time(PAUSED_UNTIL + HOUR):
            ticket.with_user(self.champion_user).action_hypercare_set_severity("medium")
        self.assertTrue(ticket.severity_id.business_hours_only)
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 23, 11))
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 25, 15))

    def test_business_pause_gives_a_wall_clock_bau_row_its_wall_clock_hours(self):
        """The other way round: a business-hours P1 row, a wall-clock BAU P1
        (2 h / 8 h): the BAU deadlines add the 65 wall-clock hours."""
        self._set_severity("critical", 1.0, 4.0, business=True)
        self.assertFalse(self._bau("critical").business_hours_only)
        with freeze_time(FRIDAY):
            ticket = self._create_ticket("critical")
        with freeze_time(PAUSED_FROM):
            self._pause_as_champion(ticket)
        with freeze_time(PAUSED_UNTIL):
            self._resume_as_champion(ticket)
        # 1 + 1 and 4 + 1 working hours from Friday 15:00 local
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 20, 16))
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 23, 11))
        self.assertEqual(ticket.bau_response_deadline, FRIDAY + 67 * HOUR)
        self.assertEqual(ticket.bau_resolution_deadline, FRIDAY + 73 * HOUR)

    def test_first_response_during_a_pause_in_both_units(self):
        """Acknowledged on Monday 10:00 local while still waiting since Friday
        16:00: the response clock gets the pause up to then, in both units."""
        with freeze_time(FRIDAY):
            ticket = self._create_ticket("high")
        with freeze_time(PAUSED_FROM):
            self._pause_as_champion(ticket)
        with freeze_time(PAUSED_UNTIL + HOUR):
            self._acknowledge(ticket)
        self.assertAlmostEqual(ticket.sla_response_paused_hours, 66.0)
        self.assertAlmostEqual(ticket.sla_response_paused_business_hours, 2.0)
        self.assertEqual(ticket.bau_response_deadline, datetime(2026, 11, 23, 12))

    # -- (8) a BAU row's edit moves the BAU deadlines of the running clocks ----

    def test_bau_row_level_and_phase_edits_recompute(self):
        with freeze_time(NOW):
            running = self._create_ticket("high", name="Running")
            answered = self._create_ticket("high", name="Answered")
            closed = self._create_ticket("high", name="Closed")
        with freeze_time(NOW + HOUR):
            self._acknowledge(answered)
            self._resolve(closed)
        # BAU P2: 4 / 24 working hours from Monday 10:00 local
        bau_response = datetime(2026, 11, 23, 13)
        bau_resolution = datetime(2026, 11, 26, 9)
        for ticket in running | answered | closed:
            self.assertEqual(ticket.bau_response_deadline, bau_response)
            self.assertEqual(ticket.bau_resolution_deadline, bau_resolution)
        row = self._bau("high")
        # no BAU row of level high any more: the tickets' own row stands in
        with freeze_time(NOW + 2 * HOUR):
            row.with_user(self.manager).write({"level": "low"})
        self.assertEqual(running.bau_response_deadline, NOW + 2 * HOUR)
        self.assertEqual(running.bau_resolution_deadline, NOW + 16 * HOUR)
        # a decided clock keeps its BAU deadline, the running one moves
        self.assertEqual(answered.bau_response_deadline, bau_response)
        self.assertEqual(answered.bau_resolution_deadline, NOW + 16 * HOUR)
        self.assertEqual(closed.bau_response_deadline, bau_response)
        self.assertEqual(closed.bau_resolution_deadline, bau_resolution)
        # back to high, then out of the BAU matrix
        with freeze_time(NOW + 3 * HOUR):
            row.with_user(self.manager).write({"level": "high"})
        self.assertEqual(running.bau_resolution_deadline, bau_resolution)
        with freeze_time(NOW + 4 * HOUR):
            row.with_user(self.manager).write({"phase": "hypercare"})
        self.assertEqual(running.bau_resolution_deadline, NOW + 16 * HOUR)
        self.assertEqual(closed.bau_resolution_deadline, bau_resolution)

    def test_bau_row_hours_edit_recomputes(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        with freeze_time(NOW + HOUR):
            self._bau("high").with_user(self.manager).write(
                {"resolution_hours": 30.0, "business_hours_only": False}
            )
        self.assertEqual(ticket.bau_resolution_deadline, NOW + 30 * HOUR)

    # -- (13) company-wide public holidays -------------------------------------

    def test_company_wide_holiday_moves_running_business_deadlines(self):
        """A business-hours P3 (4 h / 24 h) reported Monday 10:00 local is due
        Thursday 10:00; Tuesday becoming a public holiday of every calendar of
        the company moves it to Friday, not the outcome of a closed one."""
        self._set_severity("medium", 4.0, 24.0, business=True)
        with freeze_time(NOW):
            ticket = self._create_ticket("medium")
            closed = self._create_ticket("medium", name="Closed")
            # a wall-clock P2 whose BAU row counts 24 working hours
            wall_clock = self._create_ticket("high", name="Wall clock")
        with freeze_time(NOW + HOUR):
            self._resolve(closed)
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 26, 9))
        self.assertEqual(closed.sla_resolution_status, "met")
        with freeze_time(NOW + 2 * HOUR):
            holiday = self._public_holiday(24)
            self.assertFalse(holiday.calendar_id)
            self.assertEqual(holiday.company_id, self.charter.company_id)
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 27, 9))
        self.assertEqual(closed.resolution_deadline, datetime(2026, 11, 26, 9))
        self.assertEqual(wall_clock.resolution_deadline, NOW + 16 * HOUR)
        self.assertEqual(wall_clock.bau_resolution_deadline, datetime(2026, 11, 27, 9))
        # moved to the Monday after: Tuesday works again
        with freeze_time(NOW + 3 * HOUR):
            holiday.with_user(self.admin).write(
                {
                    "date_from": datetime(2026, 11, 29, 23, 0),
                    "date_to": datetime(2026, 11, 30, 22, 59, 59),
                }
            )
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 26, 9))
        with freeze_time(NOW + 4 * HOUR):
            holiday.with_user(self.admin).write(
                {
                    "date_from": datetime(2026, 11, 23, 23, 0),
                    "date_to": datetime(2026, 11, 24, 22, 59, 59),
                }
            )
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 27, 9))
        with freeze_time(NOW + 5 * HOUR):
            holiday.with_user(self.admin).unlink()
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 26, 9))
        self.assertEqual(wall_clock.bau_resolution_deadline, datetime(2026, 11, 26, 9))
        self.assertEqual(closed.resolution_deadline, datetime(2026, 11, 26, 9))
