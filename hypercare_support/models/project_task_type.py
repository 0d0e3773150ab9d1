from odoo import fields, models


class ProjectTaskType(models.Model):
    _name = "project.task.type"
    _inherit = ["hypercare.stage.mixin", "project.task.type"]

    hypercare_resolves = fields.Boolean(
        string="Resolves Ticket",
        help="Moving a hypercare ticket to this stage marks it done and stops "
        "its resolution clock.",
    )
