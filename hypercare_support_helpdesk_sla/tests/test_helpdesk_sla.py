from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.hypercare_support.tests.common import NOW, HypercareCase
from odoo.addons.hypercare_support.tests.test_handover import HandoverMixin
from odoo.addons.hypercare_support_helpdesk.tests.common import HelpdeskCarrier

from ..hooks import post_init_hook

HOUR = timedelta(hours=1)


@tagged("-at_install", "post_install")
class TestHelpdeskSla(HandoverMixin, HelpdeskCarrier, HypercareCase):
    """A helpdesk-carried charter's BAU matrix becomes helpdesk_mgmt_sla
    policies when it closes; no second SLA clock while it runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.charter.team_id
        cls.helpdesk_manager = new_test_user(
            cls.env,
            login="hc_helpdesk_manager",
            name="Hana Helpdesk",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
        )
        # a policy of the customer's for every team and ticket
        cls.global_policy = cls.env["helpdesk.sla"].create(
            {"name": "Any ticket in 4 hours", "hours": 4}
        )
        cls.charter.bau_contact_id = cls.bau_user

    def _policies(self):
        return {p.hypercare_level: p for p in self.charter.bau_sla_policy_ids}

    def _close_and_hand_over(self):
        with freeze_time(NOW + HOUR):
            self._close(self.manager, override_reason="Steering committee")
        self.assertEqual(self.charter.handover_state, "done")

    def test_no_second_clock_during_hypercare(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        self.assertTrue(ticket.resolution_deadline)  # our clock runs
        self.assertFalse(ticket.ticket_sla_ids)
        self.assertFalse(ticket.sla_deadline)
        self.assertFalse(self.charter.bau_sla_policy_ids)
        team = self.team.with_user(self.helpdesk_manager)
        with self.assertRaisesRegex(ValidationError, "measured by the hypercare"):
            team.use_sla = True
        # nor can a charter start on a team that uses helpdesk_mgmt_sla
        other = self.env["helpdesk.ticket.team"].create(
            {"name": "Customer desk", "use_sla": True}
        )
        with self.assertRaisesRegex(ValidationError, "measured by the hypercare"):
            self._create_charter(name="Second go-live", team_id=other.id)

    def test_install_turns_use_sla_off_on_running_charters(self):
        self.env.cr.execute(
            "UPDATE helpdesk_ticket_team SET use_sla = TRUE WHERE id = %s",
            [self.team.id],
        )
        self.team.invalidate_recordset(["use_sla"])
        self.assertTrue(self.team.use_sla)
        post_init_hook(self.env)
        self.assertFalse(self.team.use_sla)

    def test_close_makes_the_bau_matrix_policies(self):
        with freeze_time(NOW):
            critical = self._create_ticket("critical", name="Cannot invoice")
            high = self._create_ticket("high", name="Slow report")
            resolved = self._create_ticket("medium", name="Solved already")
            self._resolve(resolved)
        self._close_and_hand_over()
        policies = self._policies()
        self.assertEqual(set(policies), {"critical", "high", "medium", "low"})
        done = self._stage(high, hypercare_resolves=True)
        for level, row in self.charter._hypercare_bau_rows().items():
            policy = policies[level]
            self.assertEqual(policy.hours, row.resolution_hours)
            self.assertEqual(policy.team_ids, self.team)
            self.assertEqual(policy.stage_id, done)
            self.assertEqual(policy.domain, f"[('severity_level', '=', '{level}')]")
            # business hours: the charter's calendar; else wall-clock hours
            self.assertEqual(
                policy.hypercare_calendar_id,
                self.calendar
                if row.business_hours_only
                else self.env["resource.calendar"],
            )
        self.assertEqual(
            [policies[lv].hours for lv in ("critical", "high", "medium", "low")],
            [8, 24, 40, 80],
        )
        self.assertTrue(self.team.use_sla)
        # the open tickets handed over: their lines from helpdesk_mgmt_sla,
        # counted from the report date like the BAU matrix
        self.assertEqual(
            high.ticket_sla_ids.sla_id, policies["high"] | self.global_policy
        )
        line = high.ticket_sla_ids.filtered(lambda s: s.sla_id == policies["high"])
        # 24 working hours of Brussels 9-17 from Monday 10:00 (09:00 UTC)
        self.assertEqual(line.deadline, datetime(2026, 11, 26, 9, 0))
        self.assertEqual(line.deadline, high.bau_resolution_deadline)
        self.assertEqual(line.state, "in_progress")
        critical_line = critical.ticket_sla_ids.filtered(
            lambda s: s.sla_id == policies["critical"]
        )
        self.assertEqual(critical_line.deadline, NOW + 8 * HOUR)
        self.assertEqual(critical_line.deadline, critical.bau_resolution_deadline)
        self.assertFalse(resolved.ticket_sla_ids)
        with freeze_time(NOW + 2 * HOUR):
            self.assertFalse(critical.sla_expired)
        critical.invalidate_recordset(["sla_expired"])
        with freeze_time(NOW + 9 * HOUR):
            self.assertTrue(critical.sla_expired)
            # resolved in time: the BAU policy of the high ticket is met
            self._resolve(high)
        self.assertEqual(line.state, "accomplished")
        # the handover report names the policies
        content = self.charter.handover_attachment_id.raw.decode()
        table = content.split("o_hypercare_handover_sla_policies")[1]
        table = table.split("</table>")[0]
        for policy in policies.values():
            self.assertIn(policy.name, table)
        self.assertIn("Wall-clock hours", table)
        self.assertIn(self.calendar.name, table)

    def test_on_hold_counts_wall_clock_hours(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("critical")
        self._close_and_hand_over()
        line = ticket.ticket_sla_ids.filtered("sla_id.hypercare_charter_id")
        # 17:30 in Brussels: 7 working hours, 7.5 wall-clock hours
        with freeze_time(NOW + 7.5 * HOUR):
            self._pause(ticket)
        self.assertEqual(line.state, "on_hold")
        self.assertAlmostEqual(line.consumed_time, 7.5)

    def test_second_run_makes_no_duplicate(self):
        with freeze_time(NOW):
            ticket = self._create_ticket("high")
        self._close_and_hand_over()
        policies = self.charter.bau_sla_policy_ids
        self.assertEqual(len(policies), 4)
        # an interrupted handover finished: the job runs again
        self.charter.sudo().handover_state = "stopped"
        with freeze_time(NOW + 2 * HOUR):
            self.charter.with_user(self.manager).action_close()
            self._run_handover_job()
        self.assertEqual(self.charter.handover_state, "done")
        self.assertEqual(self.charter.bau_sla_policy_ids, policies)
        self.assertEqual(len(ticket.ticket_sla_ids.sla_id & policies), 1)
        self.assertFalse(self.charter._hypercare_bau_sla_policies())
        # and the database refuses a second policy of a level
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            policies[:1].copy(
                {
                    "hypercare_charter_id": self.charter.id,
                    "hypercare_level": policies[:1].hypercare_level,
                }
            )
            self.env.flush_all()


@tagged("-at_install", "post_install")
class TestProjectCharterSla(HandoverMixin, HypercareCase):
    """A charter carried by a project closes as before: no helpdesk policy."""

    def test_close_makes_no_policy(self):
        self.charter.bau_contact_id = self.bau_user
        with freeze_time(NOW):
            self._create_ticket("high")
        with freeze_time(NOW + HOUR):
            self._close(self.manager, override_reason="Steering committee")
        self.assertEqual(self.charter.handover_state, "done")
        self.assertFalse(self.charter.bau_sla_policy_ids)
        content = self.charter.handover_attachment_id.raw.decode()
        self.assertIn("o_hypercare_handover_tickets", content)
        self.assertNotIn("BAU SLA policies", content)
