from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, HypercareTourCase


@tagged("-at_install", "post_install")
class TestReportsAsPdf(HypercareTourCase):
    """Every report of the addon rendered for real, through wkhtmltopdf
    (Odoo renders HTML in test mode unless told otherwise): the test command
    installs it, and without it this test fails instead of passing on HTML."""

    def test_every_report_renders_a_pdf(self):
        Report = self.env["ir.actions.report"]
        self.assertIn(
            Report.get_wkhtmltopdf_state(),
            ("ok", "upgrade"),
            "wkhtmltopdf is not usable here: run sudo apt-get install -y wkhtmltopdf",
        )
        reports = Report.search([("report_name", "=like", "hypercare_support.%")])
        self.assertEqual(
            set(reports.mapped("report_name")),
            {
                "hypercare_support.report_hypercare_standup",
                "hypercare_support.report_hypercare_exit",
                "hypercare_support.report_hypercare_handover",
            },
        )
        with freeze_time(NOW):
            self._create_ticket("critical", name="Posting fails")
        for report in reports:
            content, kind = (
                Report.sudo()
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, self.charter.ids)
            )
            self.assertEqual(kind, "pdf", report.report_name)
            self.assertTrue(content.startswith(b"%PDF-"), report.report_name)
            self.assertGreater(len(content), 2000, report.report_name)
