from odoo import api, models


class ReportHypercareStandup(models.AbstractModel):
    """The stand-up PDF names open critical tickets: for the charter's staff
    (its champions and the hypercare managers) only, however it is reached."""

    _name = "report.hypercare_support.report_hypercare_standup"
    _description = "Hypercare Stand-up Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["hypercare.charter"].browse(docids)
        docs._hypercare_check_staff()
        return {
            "doc_ids": docids,
            "doc_model": "hypercare.charter",
            "docs": docs,
            "data": data,
        }


class ReportHypercareExit(models.AbstractModel):
    """The exit report: for the charter's staff only, like every PDF of it."""

    _name = "report.hypercare_support.report_hypercare_exit"
    _inherit = "report.hypercare_support.report_hypercare_standup"
    _description = "Hypercare Exit Report"


class ReportHypercareHandover(models.AbstractModel):
    """The handover report: rendered by the close itself (as superuser), else
    for the charter's staff only."""

    _name = "report.hypercare_support.report_hypercare_handover"
    _description = "Hypercare Handover Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["hypercare.charter"].browse(docids)
        if not self.env.su:
            docs._hypercare_check_staff()
        return {
            "doc_ids": docids,
            "doc_model": "hypercare.charter",
            "docs": docs,
            "data": data,
        }
