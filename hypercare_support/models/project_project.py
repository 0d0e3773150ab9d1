from odoo import api, fields, models
from odoo.exceptions import ValidationError

PUBLIC_VISIBILITIES = ("employees", "portal")


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["hypercare.carrier.mixin", "project.project"]

    _hypercare_charter_field = "project_id"

    hypercare_charter_ids = fields.One2many(inverse_name=_hypercare_charter_field)

    @api.constrains("privacy_visibility", "hypercare_charter_id")
    def _check_hypercare_visibility(self):
        for project in self:
            if (
                project.hypercare_charter_id
                and project.privacy_visibility in PUBLIC_VISIBILITIES
            ):
                raise ValidationError(
                    self.env._(
                        "Project %(project)s carries hypercare tickets: its visibility "
                        "must stay limited to invited internal users, or every "
                        "employee could read every ticket.",
                        project=project.display_name,
                    )
                )

    def _hypercare_secure_visibility(self):
        # the engine's write (sudo): the charter's carrier must stay private
        self.sudo().filtered(
            lambda p: p.privacy_visibility in PUBLIC_VISIBILITIES
        ).write({"privacy_visibility": "followers"})
