from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..charter_templates import BAU_SEVERITY_TEMPLATES
from .common import NOW, HypercareCase

# Wednesday; the current week starts Monday 2026-12-07 00:00 in Brussels, i.e.
# Sunday 2026-12-06 23:00 UTC: the last full week is 30 Nov - 6 Dec
LATER = datetime(2026, 12, 9, 10, 0, 0)


@tagged("-at_install", "post_install")
class TestBauMatrix(HypercareCase):
    """The BAU matrix: provisioned looser than hypercare, editable, measured
    by the sustained SLA gate; and the first close planned at go-live."""

    def _sustained(self, at=LATER):
        criterion = self.charter.exit_criterion_ids.filtered(
            lambda c: c.kind == "sustained_sla"
        )
        self.env.invalidate_all()
        with freeze_time(at):
            return criterion.current_value, criterion.is_met

    def _bau(self, level):
        return self.charter.bau_severity_ids.filtered(lambda s: s.level == level)

    def test_provisioned_looser_for_every_platform(self):
        for platform in ("odoo", "d365_bc", "d365_fo", "other"):
            with self.subTest(platform=platform):
                charter = self.env["hypercare.charter"].create(
                    {
                        "name": platform,
                        "platform": platform,
                        "go_live_date": "2026-11-16",
                    }
                )
                bau = charter.severity_ids.filtered(lambda s: s.phase == "bau")
                self.assertEqual(bau, charter.bau_severity_ids)
                self.assertEqual(
                    [(s.level, s.response_hours, s.resolution_hours) for s in bau],
                    [row[:1] + row[2:4] for row in BAU_SEVERITY_TEMPLATES[platform]],
                )
                hypercare = {s.level: s for s in charter.hypercare_severity_ids}
                for row in bau:
                    self.assertGreaterEqual(
                        row.response_hours, hypercare[row.level].response_hours
                    )
                    self.assertGreaterEqual(
                        row.resolution_hours, hypercare[row.level].resolution_hours
                    )
                self.assertFalse(charter.bau_matrix_warning)

    def test_tighter_bau_row_warns_not_blocks(self):
        row = self._bau("high")
        row.with_user(self.manager).response_hours = 1.0
        self.assertEqual(row.response_hours, 1.0)
        self.assertIn(row.name, self.charter.bau_matrix_warning)

    def test_tickets_use_the_hypercare_rows_while_open(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("low")
            default = self.env["project.task"].create(
                {"name": "No severity", "project_id": self.charter.project_id.id}
            )
        self.assertEqual(default.severity_id, self.sev["medium"])
        ticket.with_user(self.champion_user).action_hypercare_set_severity("high")
        self.assertEqual(ticket.severity_id, self.sev["high"])
        # the BAU deadline is kept beside the hypercare one: P2 16 h wall clock
        # against 24 business hours (3 days of 8 h in Brussels)
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 24, 1, 0))
        self.assertEqual(ticket.bau_resolution_deadline, datetime(2026, 11, 26, 9, 0))

    def test_sustained_sla_measured_against_bau(self):
        """A P1 of the last full week misses the hypercare deadlines (1 h / 4 h)
        and meets the BAU ones (2 h / 8 h): the week is within SLA."""
        with freeze_time(datetime(2026, 11, 30, 10, 0)):
            ticket = self._create_ticket("critical")
        ticket.sudo().date_acknowledged = datetime(2026, 11, 30, 11, 30)
        with freeze_time(datetime(2026, 11, 30, 15, 0)):
            self._resolve(ticket)
        self.assertEqual(ticket.sla_response_status, "failed")
        self.assertEqual(ticket.sla_resolution_status, "failed")
        self.assertEqual(self._sustained(), (3.0, True))
        # as tight as hypercare, the BAU matrix fails that week (edits of
        # the matrix leave a stopped clock alone: a new ticket shows it)
        self._bau("critical").write({"response_hours": 1.0, "resolution_hours": 4.0})
        with freeze_time(datetime(2026, 12, 1, 10, 0)):
            late = self._create_ticket("critical")
        late.sudo().date_acknowledged = datetime(2026, 12, 1, 11, 30)
        self.assertEqual(self._sustained(), (0.0, False))

    def test_sustained_sla_week_edges_in_the_charter_time_zone(self):
        """Never answered P1s: due before Monday 00:00 Brussels counts in the
        last full week, after it in the current week."""
        # 20:30 UTC Sunday + 2 h = 22:30 UTC = 23:30 Brussels, still Sunday
        with freeze_time(datetime(2026, 12, 6, 20, 30)):
            early = self._create_ticket("critical")
        self.assertEqual(early.bau_response_deadline, datetime(2026, 12, 6, 22, 30))
        self.assertEqual(self._sustained(), (0.0, False))
        self._cancel(early)
        # 21:30 UTC + 2 h = 23:30 UTC = 00:30 Monday in Brussels: current week
        with freeze_time(datetime(2026, 12, 6, 21, 30)):
            self._create_ticket("critical")
        self.assertEqual(self._sustained(), (3.0, True))
        # but a UTC calendar puts 23:30 UTC in the last full week
        self.calendar.tz = "UTC"
        self.assertEqual(self._sustained(), (0.0, False))

    def test_first_close_created_at_go_live(self):
        close = self.charter.first_close_ids
        self.assertEqual(len(close), 1)
        self.assertEqual(close.period_end, date(2026, 11, 30))
        self.assertEqual(len(close.item_ids), 7)
        self.assertFalse(self.charter.first_close_warning)
        # activated again (back to draft): no second one
        self.charter.with_user(self.manager).action_reset_draft()
        self.charter.with_user(self.manager).action_activate()
        self.assertEqual(self.charter.first_close_ids, close)

    def test_planned_end_before_first_close_warns_and_extend_proposes_after(self):
        self.charter.planned_end_date = date(2026, 11, 27)
        self.assertIn("first close", self.charter.first_close_warning)
        wizard = (
            self.env["hypercare.charter.extend"]
            .with_user(self.manager)
            .create({"charter_id": self.charter.id, "reason": "First close"})
        )
        # a week after the current end would be 4 December, before the close
        # is done: a week past its period end
        self.assertEqual(wizard.new_end_date, date(2026, 12, 7))
        with freeze_time(NOW):
            wizard.action_extend()
        self.assertFalse(self.charter.first_close_warning)
