from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.hypercare_charter import TICKET_FILTERS
from .common import NOW, HypercareCase


@tagged("-at_install", "post_install")
class TestUsability(HypercareCase):
    """Issue 12: what a new user hit in the browser, checked without one."""

    def _filters(self, search_view_xmlid):
        arch = etree.fromstring(self.env.ref(search_view_xmlid).get_combined_arch())
        groups, group = [], []
        for node in arch:
            if node.tag == "separator":
                if group:
                    groups.append(group)
                group = []
            elif node.tag == "filter" and node.get("domain"):
                group.append(node.get("name"))
        if group:
            groups.append(group)
        domains = {
            node.get("name"): node.get("domain")
            for node in arch.iter("filter")
            if node.get("domain")
        }
        return groups, domains

    # -- bug 1: the charter form ---------------------------------------------

    def test_charter_form_edits_save(self):
        """Setting the BAU contact, the baseline, the SLA target or a roster
        line ran the exit criteria's SQL on the unsaved record (NewId) and
        crashed the form; now they save, and the BAU criterion is met."""
        form = Form(self.charter.with_user(self.manager))
        form.bau_contact_id = self.champion_user
        form.baseline_weekly_volume = 14
        form.sla_target = 85
        with form.champion_ids.edit(0) as line:
            line.phone = "+32 2 555 99 88"
            line.on_call = False
        form.save()
        self.assertEqual(self.charter.bau_contact_id, self.champion_user)
        self.assertEqual(self.charter.baseline_weekly_volume, 14)
        self.assertEqual(self.charter.champion_ids.phone, "+3225559988")
        bau = self.charter.exit_criterion_ids.filtered(
            lambda c: c.kind == "bau_contact"
        )
        self.assertTrue(bau.is_met)

    def test_metrics_of_an_edited_charter_are_the_saved_ones(self):
        with freeze_time(NOW):
            self._create_ticket(level="critical")
        draft = self.charter.new({"baseline_weekly_volume": 99}, origin=self.charter)
        criteria = draft.exit_criterion_ids
        self.assertTrue(criteria)
        critical = criteria.filtered(lambda c: c.kind == "open_critical")
        self.assertEqual(critical.current_value, 1)
        self.assertFalse(critical.is_met)
        # the counters too
        self.assertEqual(draft.open_ticket_count, 1)
        # a charter never saved has nothing to measure
        blank = self.env["hypercare.charter"].new({"name": "Not yet"})
        self.assertEqual(blank.ticket_count, 0)

    # -- bug 2: first close ---------------------------------------------------

    def test_first_close_from_the_form(self):
        with freeze_time(NOW):
            form = Form(self.env["hypercare.first.close"].with_user(self.manager))
            self.assertEqual(form.charter_id, self.charter, "the running charter")
            # an empty, unsaved form is not ready
            self.assertEqual(form.state, "draft")
            self.assertEqual(form.readiness, 0)
            form.period_end = "2026-11-30"
            close = form.save()
        self.assertEqual(len(close.item_ids), 7, "the platform's checklist")
        self.assertEqual(close.state, "draft")
        self.assertIn("11/30/2026", close.name)

    def test_first_close_checklist_on_demand(self):
        close = self.env["hypercare.first.close"].create(
            {"charter_id": self.charter.id, "period_end": "2026-11-30", "item_ids": []}
        )
        self.assertEqual(close.state, "ready", "SPEC: a form without lines is ready")
        close.with_user(self.manager).action_load_template()
        self.assertEqual(len(close.item_ids), 7)
        self.assertEqual(close.state, "draft")

    # -- bug 3: one definition of "at risk" -----------------------------------

    def test_at_risk_is_one_definition(self):
        """The board's filters are the charter's counters: an open ticket whose
        worst clock failed is breached, one whose worst clock is at risk (none
        failed) is at risk. A P1 whose response failed and whose resolution
        is at risk is breached only."""
        now = fields.Datetime.now()
        both = self._create_ticket(
            level="critical", date_reported=now - timedelta(hours=3.5)
        )
        at_risk = self._create_ticket(
            level="high",
            date_reported=now - timedelta(hours=13),
            date_acknowledged=now - timedelta(hours=12),
        )
        self.assertEqual(
            (both.sla_response_status, both.sla_resolution_status),
            ("failed", "at_risk"),
        )
        _groups, domains = self._filters(
            "hypercare_support.project_task_view_search_hypercare"
        )
        for fname, name in (
            ("at_risk_ticket_count", "at_risk"),
            ("breached_ticket_count", "breached"),
            ("open_ticket_count", "open"),
        ):
            self.assertEqual(
                Domain(safe_eval(domains[name])), Domain(TICKET_FILTERS[fname]), name
            )
        Task = self.env["project.task"].with_user(self.champion_user)
        board = Task.search(
            [("hypercare_charter_id", "=", self.charter.id)]
            + safe_eval(domains["at_risk"])
        )
        self.assertEqual(board, at_risk)
        self.assertEqual(self.charter.at_risk_ticket_count, 1)
        self.assertEqual(self.charter.breached_ticket_count, 1)
        listed = self.charter.action_open_at_risk_tickets()
        self.assertEqual(Task.search(listed["domain"]), at_risk)
        standup = self.charter.with_user(self.manager).standup_html
        self.assertIn("at risk now: <strong>1</strong>", standup)

    # -- bug 4: filters narrow ------------------------------------------------

    def test_filters_sit_in_groups_of_their_own(self):
        groups, _domains = self._filters(
            "hypercare_support.project_task_view_search_hypercare"
        )
        for name in (
            "open",
            "mine",
            "my_function",
            "new_since_triage",
            "reported_by_me",
        ):
            group = next(g for g in groups if name in g)
            self.assertEqual(group, [name], f"{name} is OR-ed with {group}")

    def test_my_function(self):
        """My function: the tickets of the functions I serve, not only mine."""
        sales_user = self.user
        finance = self._create_ticket(name="Finance issue", business_function="Finance")
        sales = self._create_ticket(name="Sales issue", business_function="Sales")
        # from the reporter's roster line when nothing is mapped
        by_champion = self._create_ticket(
            name="Champion's issue", hypercare_reporter_id=self.champion_user.id
        )
        self.assertEqual(by_champion.business_function, "Finance")
        Task = self.env["project.task"].with_user(self.champion_user)
        mine = Task.search([("hypercare_my_function", "=", True)])
        self.assertEqual(mine, finance | by_champion)
        self.assertNotIn(sales, mine)
        self.assertEqual(
            Task.search([("hypercare_my_function", "=", False)])
            & (finance | sales | by_champion),
            sales,
        )
        self.assertTrue(finance.with_user(self.champion_user).hypercare_my_function)
        # not a champion: no function
        self.assertFalse(
            self.env["project.task"]
            .with_user(sales_user)
            .search([("hypercare_my_function", "=", True)])
        )

    # -- friction ----------------------------------------------------------------

    def test_back_to_draft_comes_last_behind_a_confirmation(self):
        arch = etree.fromstring(
            self.env["hypercare.charter"]
            .with_user(self.manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        buttons = arch.find("header").findall("button")
        self.assertEqual(buttons[-1].get("name"), "action_reset_draft")
        self.assertTrue(buttons[-1].get("confirm"))
        champion_arch = (
            self.env["hypercare.charter"]
            .with_user(self.champion_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("action_reset_draft", champion_arch)

    def test_my_issues_is_one_menu(self):
        menu = self.env.ref("hypercare_support.project_task_my_issue_menu")
        self.assertEqual(menu.action._name, "ir.actions.server")
        action = (
            self.env["hypercare.report.issue"].with_user(self.user).action_my_issues()
        )
        self.assertEqual(action["res_model"], "project.task")
        self.assertIn("hypercare_reporter_id", action["domain"])
        my_menus = self.env["ir.ui.menu"].search(
            [("parent_id", "=", menu.parent_id.id), ("name", "ilike", "my issues")]
        )
        self.assertEqual(my_menus, menu, "one My issues entry, whatever the carrier")

    # -- polish ------------------------------------------------------------------

    def test_labels(self):
        fields_info = self.env["project.task"].fields_get(
            ["sla_response_status", "sla_resolution_status"], ["string"]
        )
        self.assertEqual(fields_info["sla_response_status"]["string"], "Response SLA")
        self.assertEqual(
            fields_info["sla_resolution_status"]["string"], "Resolution SLA"
        )
        threshold = self.env["hypercare.exit.criterion"].fields_get(["threshold"])
        self.assertFalse(
            threshold["threshold"].get("aggregator"), "thresholds do not add up"
        )

    def test_dates_in_messages_are_the_users(self):
        self.manager.write({"tz": "Europe/Brussels", "lang": "en_US"})
        with self.assertRaises(ValidationError) as caught:
            self.charter.with_user(self.manager).planned_end_date = "2026-11-01"
        self.assertIn("11/01/2026", str(caught.exception))
        self.assertNotIn("2026-11-01", str(caught.exception))

    def test_scan_note_in_the_go_live_time_zone(self):
        self._set_severity("high", 2, 16)
        with freeze_time(NOW):
            ticket = self._create_ticket(level="high")
        with freeze_time(NOW + timedelta(hours=3)):
            self._scan()
        note = ticket.message_ids.filtered(lambda m: "SLA response" in (m.body or ""))
        self.assertTrue(note)
        # deadline 11:00 UTC is 12:00 in Brussels
        self.assertIn("11/23/2026 12:00:00", note[0].body)
        self.assertNotIn("UTC", note[0].body)

    def test_phone_error_in_our_words(self):
        with self.assertRaises(ValidationError) as caught:
            self.charter.champion_ids.phone = "not a number at all"
        message = str(caught.exception)
        self.assertIn("+32 2 555 12 34", message)
        self.assertNotIn("(1)", message)

    def test_extend_opens_on_the_planned_end(self):
        wizard = Form(
            self.env["hypercare.charter.extend"]
            .with_user(self.manager)
            .with_context(default_charter_id=self.charter.id)
        )
        self.assertEqual(
            wizard.new_end_date, self.charter.planned_end_date + timedelta(weeks=1)
        )

    def test_standup_names_the_week_of_each_figure(self):
        with freeze_time(NOW):
            html = self.charter.with_user(self.manager).standup_html
        self.assertIn("(last full week)", html)
        self.assertIn("(this week, so far)", html)

    def test_champion_opens_the_ticket_form(self):
        """A champion who is not a Project user opens a ticket from the board:
        the form's fields (project roles, stages, ...) all read."""
        ticket = self._create_ticket("high")
        Ticket = self.env[self.ticket_model].with_user(self.champion_user)
        arch = Ticket.get_views([(False, "form")])["views"]["form"]["arch"]
        names = {
            node.get("name")
            for node in etree.fromstring(arch).iter("field")
            if node.getparent().tag != "field" and node.get("name") in Ticket._fields
        }
        spec = {
            name: {"fields": {"display_name": {}}}
            if Ticket._fields[name].relational
            else {}
            for name in names
        }
        record = Ticket.browse(ticket.id).web_read(spec)
        self.assertEqual(record[0]["id"], ticket.id)
        self.assertIn("severity_id", names)
