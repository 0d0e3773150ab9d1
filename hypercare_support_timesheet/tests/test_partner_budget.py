from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.hypercare_support.tests.common import NOW

from .common import TimesheetCase


@tagged("-at_install", "post_install")
class TestPartnerBudget(TimesheetCase):
    """The partner budget on timesheets: hours used by the partner team, burn
    rate of the last 7 days and forecast exhaustion (planned end 2026-12-31,
    today 2026-11-23)."""

    def _charter(self, user=None):
        charter = self.charter.with_user(user) if user else self.charter
        charter.invalidate_recordset()
        return charter

    def test_project_takes_timesheets(self):
        project = self.charter.project_id
        self.assertTrue(project.allow_timesheets)
        self.assertTrue(project.account_id)

    @freeze_time(NOW)
    def test_no_burn(self):
        """No hours, or none in the last 7 days: no forecast, no warning."""
        self.charter.partner_hours_budget = 40
        charter = self._charter()
        self.assertEqual(charter.partner_hours_used, 0)
        self.assertEqual(charter.partner_hours_left, 40)
        self.assertFalse(charter.budget_exhaustion_date)
        self.assertFalse(charter.partner_budget_warning)
        self._log(self.partner_user, 5, days_ago=7)
        charter = self._charter()
        self.assertEqual(charter.partner_hours_used, 5)
        self.assertEqual(charter.partner_burn_rate, 0)
        self.assertFalse(charter.budget_exhaustion_date)
        self.assertFalse(charter.partner_budget_warning)

    @freeze_time(NOW)
    def test_steady_burn(self):
        """2 h a day for 7 days, 100 h sold: 86 h left last 43 days, past
        the planned end."""
        self.charter.partner_hours_budget = 100
        for day in range(7):
            self._log(self.partner_user, 2, days_ago=day)
        charter = self._charter()
        self.assertEqual(charter.partner_hours_used, 14)
        self.assertAlmostEqual(charter.partner_burn_rate, 2.0)
        self.assertEqual(charter.budget_exhaustion_date, date(2027, 1, 5))
        self.assertFalse(charter.partner_budget_warning)
        section = [
            s
            for s in charter._hypercare_standup_sections()
            if s["key"] == "partner_budget"
        ]
        self.assertEqual(len(section), 1)
        self.assertFalse(section[0]["warning"])
        self.assertIn("2027-01-05", section[0]["lines"][1])

    @freeze_time(NOW)
    def test_runs_out_before_planned_end(self):
        """Team hours of the last 7 days: 3 (contact) + 4 (liaison) + 7 (L3)
        = 2 h/day; 30 h sold, 16 left: out on 2026-12-01, a warning on the
        charter, the stand-up and the dashboard."""
        self.charter.partner_hours_budget = 30
        self._log(self.partner_user, 3, days_ago=1)
        self._log(self.vendor_user, 4, days_ago=3)
        self._log(self.l3_user, 7, days_ago=6)
        # outside the partner team: an L1 champion's hours
        self._log(self.champion_user, 8, days_ago=0)
        charter = self._charter()
        self.assertEqual(charter.partner_hours_used, 14)
        self.assertEqual(charter.partner_hours_left, 16)
        self.assertEqual(charter.budget_exhaustion_date, date(2026, 12, 1))
        self.assertTrue(charter.partner_budget_warning)
        section = [
            s
            for s in charter._hypercare_standup_sections()
            if s["key"] == "partner_budget"
        ][0]
        self.assertTrue(section["warning"])
        tile = [
            t
            for t in charter._hypercare_dashboard_sections()["tiles"]
            if t["key"] == "partner_budget"
        ][0]
        self.assertEqual(tile["state"], "warning")
        self.assertEqual(tile["value"], 16)
        # the planned end moved before the exhaustion: no warning any more
        charter.planned_end_date = "2026-11-30"
        self.assertFalse(self._charter().partner_budget_warning)

    @freeze_time(NOW)
    def test_spent_budget(self):
        self.charter.partner_hours_budget = 10
        self._log(self.partner_user, 12, days_ago=2)
        charter = self._charter()
        self.assertEqual(charter.partner_hours_left, -2)
        self.assertEqual(charter.budget_exhaustion_date, date(2026, 11, 23))
        tile = charter._hypercare_dashboard_sections()["tiles"][-1]
        self.assertEqual(tile["state"], "danger")

    @freeze_time(NOW)
    def test_champion_reads_without_timesheet_rights(self):
        """A champion without timesheet rights still sees the figures; the
        tile opens nothing for them."""
        self.charter.partner_hours_budget = 30
        self._log(self.partner_user, 7, days_ago=1)
        charter = self._charter(self.champion_user)
        self.assertEqual(charter.partner_hours_used, 7)
        tile = charter._hypercare_dashboard_sections()["tiles"][-1]
        self.assertFalse(tile["action"])
        tile = self._charter(self.partner_user)._hypercare_dashboard_sections()
        self.assertEqual(
            tile["tiles"][-1]["action"]["res_model"], "account.analytic.line"
        )

    @freeze_time(NOW)
    def test_users_do_not_read_the_budget(self):
        """The commercial figures are for the champions and managers: a
        User reads the charter, not its partner budget."""
        self.charter.partner_hours_budget = 30
        self._log(self.partner_user, 7, days_ago=1)
        charter = self.charter.with_user(self.user)
        self.assertEqual(charter.name, self.charter.name)
        for fname in (
            "partner_hours_budget",
            "partner_hours_used",
            "partner_hours_left",
            "budget_exhaustion_date",
            "partner_budget_warning",
        ):
            with self.assertRaises(AccessError):
                charter.read([fname])

    def test_negative_budget_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.charter.partner_hours_budget = -5
        self.env.invalidate_all(flush=False)
        self.assertEqual(self.charter.partner_hours_budget, 0)
        with self.assertRaises(ValidationError):
            self.charter.with_user(self.manager).write({"partner_hours_budget": -1})

    @freeze_time(NOW)
    def test_extend_dialog(self):
        """2 h/day, 16 h left; extending from 2026-12-31 to 2027-01-14 needs
        28 h; reaching 2027-01-14 from today needs 104 h: 88 h missing."""
        self.charter.partner_hours_budget = 30
        for day in range(7):
            self._log(self.partner_user, 2, days_ago=day)
        wizard = (
            self.env["hypercare.charter.extend"]
            .with_user(self.manager)
            .create(
                {
                    "charter_id": self.charter.id,
                    "new_end_date": "2027-01-14",
                    "reason": "Month-end close not yet done",
                }
            )
        )
        self.assertEqual(wizard.partner_hours_left, 16)
        # issue 29: the figures add up (left - window - extension = missing)
        self.assertAlmostEqual(wizard.partner_hours_window, 76)
        self.assertAlmostEqual(wizard.partner_hours_needed, 28)
        self.assertAlmostEqual(wizard.partner_hours_missing, 88)
        self.assertAlmostEqual(
            wizard.partner_hours_missing,
            wizard.partner_hours_window
            + wizard.partner_hours_needed
            - wizard.partner_hours_left,
        )

    @freeze_time(NOW)
    def test_extend_dialog_hours_covered(self):
        """Issue 29: 44 h left at 1 h/day; the current window still burns
        38 h until its planned end, the two-week extension needs 14 h: 8 h
        to buy. With 60 h left, nothing is missing and the dialog says so
        instead of a red "missing"."""
        self.charter.partner_hours_budget = 51
        self._log(self.partner_user, 7, days_ago=1)
        wizard = (
            self.env["hypercare.charter.extend"]
            .with_user(self.manager)
            .create(
                {
                    "charter_id": self.charter.id,
                    "new_end_date": "2027-01-14",
                    "reason": "Month-end close not yet done",
                }
            )
        )
        self.assertEqual(
            (
                wizard.partner_hours_left,
                wizard.partner_burn_rate,
                wizard.partner_hours_window,
                wizard.partner_hours_needed,
                wizard.partner_hours_missing,
            ),
            (44, 1, 38, 14, 8),
        )
        self.charter.partner_hours_budget = 67
        wizard.invalidate_recordset()
        self.charter.invalidate_recordset()
        self.assertEqual(wizard.partner_hours_left, 60)
        self.assertEqual(wizard.partner_hours_missing, 0)
        arch = etree.fromstring(
            wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        # hours as hours, not as a clock ("24:00")
        self.assertFalse(arch.xpath("//field[@widget='float_time']"))
        [missing] = arch.xpath("//div[contains(@class, 'o_hypercare_hours_missing')]")
        self.assertIn("not partner_hours_missing", missing.get("invisible"))
        [covered] = arch.xpath("//div[contains(@class, 'o_hypercare_hours_covered')]")
        self.assertIn("partner_hours_missing", covered.get("invisible"))

    @freeze_time(NOW)
    def test_other_carrier_not_measured(self):
        """A charter whose tickets are not project tasks (helpdesk tickets:
        OCA helpdesk_mgmt_timesheet has no 19.0 release) shows its budget as
        not measured, never as zero hours used."""
        self.charter.partner_hours_budget = 30
        self._log(self.partner_user, 7, days_ago=1)
        Charter = type(self.env["hypercare.charter"])
        with patch.object(
            Charter,
            "_hypercare_carrier_model",
            lambda charter: charter.env["hypercare.charter"],
        ):
            charter = self._charter()
            self.assertFalse(charter.partner_budget_measured)
            self.assertFalse(charter.budget_exhaustion_date)
            self.assertFalse(charter.partner_budget_warning)
            section = [
                s
                for s in charter._hypercare_standup_sections()
                if s["key"] == "partner_budget"
            ][0]
            self.assertEqual(len(section["lines"]), 1)
            self.assertIn("Not measured", section["lines"][0])
            self.assertFalse(section["warning"])
            tile = charter._hypercare_dashboard_sections()["tiles"][-1]
            self.assertEqual((tile["value"], tile["state"]), ("Not measured", "muted"))

    @freeze_time(NOW)
    def test_hours_kept_when_the_team_changes(self):
        """Used hours are the partner team's as it was when they were logged:
        archiving Leo's L3 line keeps his past hours; an L1 champion moved to
        L3 later brings none of his L1 hours (issue 26, item 12)."""
        self.charter.partner_hours_budget = 40
        self._log(self.l3_user, 5, days_ago=3)
        self._log(self.champion_user, 2, days_ago=3)
        self.assertEqual(self._charter().partner_hours_used, 5)
        self.charter.champion_ids.filtered(
            lambda c: c.user_id == self.l3_user
        ).active = False
        self.charter.champion_ids.filtered(
            lambda c: c.user_id == self.champion_user
        ).support_layer = "l3"
        self.assertEqual(self._charter().partner_hours_used, 5)
        # from now on the champion's hours are partner work, Leo's are not
        self._log(self.champion_user, 3)
        self._log(self.l3_user, 1)
        charter = self._charter()
        self.assertEqual(charter.partner_hours_used, 8)
        self.assertEqual(
            self.env["account.analytic.line"].search_count(
                charter._hypercare_partner_timesheet_domain()
            ),
            2,
        )


@tagged("-at_install", "post_install")
class TestPartnerTeamEmployees(TimesheetCase):
    """A charter watching a partner budget goes live only when its partner
    team can log time: each member an employee in the charter's company
    (issue 25: the partner contact, a plain user, had none)."""

    def _consultant(self, login, name):
        """A partner consultant as they usually are: a plain internal user."""
        return new_test_user(self.env, login=login, name=name, groups="base.group_user")

    def _draft(self, name, partner_contact):
        return self.env["hypercare.charter"].create(
            dict(self._charter_vals(), name=name, partner_contact_id=partner_contact.id)
        )

    def test_go_live_needs_employees_and_offers_them(self):
        consultant = self._consultant("hc_consultant", "Carla Consultant")
        draft = self._draft("Go-live NL", consultant)
        self.assertEqual(draft.state, "draft")
        draft.partner_hours_budget = 80
        as_manager = draft.with_user(self.manager)
        self.assertEqual(as_manager.partner_team_without_employee_ids, consultant)
        with self.assertRaisesRegex(UserError, "Carla Consultant"):
            as_manager.action_activate()
        self.assertEqual(draft.state, "draft")
        # a champion may not create them; the manager may, in one click
        with self.assertRaises(UserError):
            draft.with_user(
                self.champion_user
            ).action_hypercare_create_partner_employees()
        as_manager.action_hypercare_create_partner_employees()
        employee = consultant.employee_ids
        self.assertEqual(employee.company_id, draft.company_id)
        self.assertFalse(as_manager.partner_team_without_employee_ids)
        as_manager.action_activate()
        self.assertEqual(draft.state, "active")
        # and the consultant logs hours on a ticket, counted by the budget
        ticket = self._create_ticket(charter=draft)
        self._log(consultant, 2, task=ticket)
        draft.invalidate_recordset()
        self.assertEqual(draft.partner_hours_used, 2)

    def test_no_budget_no_check(self):
        consultant = self._consultant("hc_consultant2", "Carl Consultant")
        draft = self._draft("Go-live LU", consultant)
        draft.with_user(self.manager).action_activate()
        self.assertEqual(draft.state, "active")


@tagged("-at_install", "post_install")
class TestPartnerBudgetStaff(TimesheetCase):
    """The commercial figures are for staff and managers (SPEC): a partner
    contact who is a plain internal user sees them on the dashboard and in
    the stand-up, and still cannot read the fields themselves."""

    @freeze_time(NOW)
    def test_plain_partner_contact_sees_the_budget(self):
        plain = new_test_user(
            self.env, login="hc_plain_partner", groups="base.group_user"
        )
        self.charter.write({"partner_contact_id": plain.id, "partner_hours_budget": 30})
        self._log(self.l3_user, 7, days_ago=1)  # the L3 roster member
        charter = self.charter.with_user(plain)
        data = charter.get_hypercare_dashboard_data(charter_id=self.charter.id)
        tiles = {tile["key"]: tile for tile in data["tiles"]}
        self.assertEqual(tiles["partner_budget"]["value"], 23)
        self.assertFalse(tiles["partner_budget"]["action"])
        self.assertIn("7.0 h used of 30.0 h", charter.standup_html)
        with self.assertRaises(AccessError):
            charter.read(["partner_hours_budget"])
