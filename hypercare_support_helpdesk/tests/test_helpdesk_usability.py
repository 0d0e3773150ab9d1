from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.hypercare_support.models.hypercare_charter import TICKET_FILTERS
from odoo.addons.hypercare_support.tests.common import NOW

from .common import HelpdeskHypercareCase


@tagged("-at_install", "post_install")
class TestHelpdeskUsability(HelpdeskHypercareCase):
    """Issue 12 on the helpdesk carrier: the same "at risk", filters that
    narrow, one My issues."""

    def _search_arch(self):
        return etree.fromstring(
            self.env.ref(
                "hypercare_support_helpdesk.helpdesk_ticket_view_search"
            ).get_combined_arch()
        )

    def test_at_risk_and_breached_are_the_charter_counters(self):
        domains = {
            node.get("name"): node.get("domain")
            for node in self._search_arch().iter("filter")
        }
        for fname, name in (
            ("at_risk_ticket_count", "at_risk"),
            ("breached_ticket_count", "breached"),
        ):
            self.assertEqual(
                Domain(safe_eval(domains[name])), Domain(TICKET_FILTERS[fname]), name
            )

    def test_hypercare_filters_sit_alone(self):
        arch = self._search_arch()
        groups, group = [], []
        for node in arch:
            if node.tag == "separator":
                groups.append(group)
                group = []
            elif node.tag == "filter" and node.get("domain"):
                group.append(node.get("name"))
        groups.append(group)
        for name in ("hypercare_open", "my_function", "new_since_triage"):
            self.assertIn([name], groups, f"{name} shares a group")

    def test_my_issues_follow_the_carrier(self):
        """A user whose issues are helpdesk tickets gets them under My issues:
        there is no second, empty menu for the other carrier."""
        with freeze_time(NOW):
            self._create_ticket(hypercare_reporter_id=self.user.id)
        Wizard = self.env["hypercare.report.issue"].with_user(self.user)
        self.assertEqual(Wizard.action_my_issues()["res_model"], "helpdesk.ticket")
        self.assertFalse(
            self.env.ref(
                "hypercare_support_helpdesk.helpdesk_ticket_my_issue_menu",
                raise_if_not_found=False,
            )
        )
        # a later issue in a project-carried charter: that list comes first
        other = self.env["hypercare.charter"].create(
            {
                "name": "Project go-live",
                "go_live_date": "2026-11-16",
                "planned_end_date": "2026-12-31",
            }
        )
        with freeze_time(NOW + timedelta(days=1)):
            self.env["project.task"].create(
                {
                    "name": "Later issue",
                    "project_id": other.project_id.id,
                    "hypercare_reporter_id": self.user.id,
                }
            )
        self.assertEqual(Wizard.action_my_issues()["res_model"], "project.task")

    def test_empty_board_shows_help_not_sample_cards(self):
        """Issue 29: with no charter on a helpdesk team, the Helpdesk tickets
        board shows no Lorem-ipsum sample cards but a help saying where the
        tickets are."""
        action = self.env.ref(
            "hypercare_support_helpdesk.helpdesk_ticket_hypercare_action"
        )
        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.champion_user)
            .get_views([(kanban.id, "kanban")])["views"]["kanban"]["arch"]
        )
        self.assertNotEqual(arch.get("sample"), "1")
        self.assertIn("Helpdesk team", action.help)

    def test_ticket_form_shows_workaround_and_next_step(self):
        """Issue 29: the champion's Workaround and Next step on the helpdesk
        ticket form too, on the full width of the sheet."""
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.champion_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [group] = arch.xpath("//group[@name='hypercare_next']")
        self.assertEqual(
            [f.get("name") for f in group.iter("field")], ["workaround", "next_step"]
        )
        self.assertFalse(group.xpath("ancestor::group"))
