from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.hypercare_support.tests import test_ticket_report
from odoo.addons.hypercare_support.tests.common import NOW

from .common import HelpdeskCarrier


@tagged("-at_install", "post_install")
class TestTicketReportHelpdesk(HelpdeskCarrier, test_ticket_report.TestTicketReport):
    """The reporting-model tests of hypercare_support, on helpdesk tickets,
    and both carriers in one report."""

    def test_both_carriers_in_one_report(self):
        with freeze_time(NOW):
            project_charter = self._create_charter(name="Go-live NL", team_id=False)
            task = self.env["project.task"].create(
                {"name": "Picking stuck", "project_id": project_charter.project_id.id}
            )
            ticket = self._create_ticket("high")
        rows = self.env["hypercare.ticket.report"].search(
            [("charter_id", "in", (project_charter | self.charter).ids)]
        )
        self.assertEqual(
            {(row.res_model, row.res_id, row.charter_id) for row in rows},
            {
                ("project.task", task.id, project_charter),
                ("helpdesk.ticket", ticket.id, self.charter),
            },
        )
        self.assertEqual(len(set(rows.ids)), 2)
