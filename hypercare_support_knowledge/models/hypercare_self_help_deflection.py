from odoo import fields, models


class HypercareSelfHelpDeflection(models.Model):
    """A question a user solved with a knowledge page instead of reporting an
    issue ("This solved it" in the report dialog)."""

    _name = "hypercare.self.help.deflection"
    _description = "Hypercare Self-help Deflection"
    _order = "date desc, id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True
    )
    page_id = fields.Many2one("document.page", ondelete="set null")
    query = fields.Char(help="What the user typed as the summary.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    _charter_date_index = models.Index("(charter_id, date)")
