from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import HypercareTourCase, PhoneTourMixin


class DashboardTourCase(HypercareTourCase):
    """Two open breached tickets among fresh and resolved ones."""

    def _breach_two(self):
        self._set_severity("high", 1, 4)
        self._set_severity("critical", 1, 4)
        now = fields.Datetime.now()
        long_ago = now - timedelta(days=2)
        for name, level, reported in (
            ("BREACHED posting blocked", "high", long_ago),
            ("BREACHED payroll stopped", "critical", long_ago),
            ("Fresh report printing", "medium", now),
            ("Fresh how-to question", "low", now),
        ):
            self._create_ticket(level=level, name=name, date_reported=reported)
        resolved = self._create_ticket(
            level="high", name="BREACHED but resolved", date_reported=long_ago
        )
        self._resolve(resolved)
        self._scan()
        breached = self.env[self.ticket_model].search(
            [
                ("hypercare_charter_id", "=", self.charter.id),
                ("hypercare_is_open", "=", True),
                ("sla_status", "=", "failed"),
            ]
        )
        self.assertEqual(len(breached), 2)


@tagged("-at_install", "post_install")
class TestDashboardTour(DashboardTourCase):
    """In the browser: the champion's landing page is the dashboard, its
    charts are drawn, and the breached tile opens exactly the breached
    tickets."""

    def test_dashboard_landing(self):
        self._breach_two()
        self.start_tour("/odoo", "hypercare_dashboard_tour", login="hc_champion")
        # the champion sent the stand-up from the dashboard
        self.assertTrue(self.charter.last_standup_date)
        self.assertEqual(
            self.charter.message_ids[:1].author_id, self.champion_user.partner_id
        )

    def test_dashboard_drilldowns(self):
        """Each drill-down says what was clicked and lists what the figure
        counts; empty lists show their help; no bare unit."""
        self._breach_two()
        self.start_tour(
            "/odoo/hypercare-dashboard",
            "hypercare_dashboard_drilldown_tour",
            login="hc_champion",
        )

    def test_dashboard_without_charter(self):
        """A champion on no charter's roster: a message, no error dialog."""
        new_test_user(
            self.env,
            login="hc_dash_rosterless",
            groups="base.group_user,hypercare_support.group_hypercare_champion",
        )
        self.start_tour(
            "/odoo/hypercare-dashboard",
            "hypercare_dashboard_empty_tour",
            login="hc_dash_rosterless",
        )


@tagged("-at_install", "post_install")
class TestDashboardPhoneTour(PhoneTourMixin, DashboardTourCase):
    """At 390 px the tiles stack and the charts stay legible."""

    def test_dashboard_on_a_phone(self):
        self._breach_two()
        self.start_tour(
            "/odoo/hypercare-dashboard",
            "hypercare_dashboard_phone_tour",
            login="hc_champion",
        )
