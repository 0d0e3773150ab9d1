from odoo import fields, models


class ProjectTaskType(models.Model):
    _inherit = "project.task.type"

    hypercare_pauses_sla = fields.Boolean(
        string="Pauses SLA",
        help="Time hypercare tickets spend in this stage (e.g. waiting for the "
        "user) is added to their SLA deadlines.",
    )
    hypercare_resolves = fields.Boolean(
        string="Resolves Ticket",
        help="Moving a hypercare ticket to this stage marks it done and stops "
        "its resolution clock.",
    )
