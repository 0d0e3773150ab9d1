from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class HypercareScopeFill(models.TransientModel):
    """Fill a charter's users going live from groups (e.g. every Accounting
    user), in one step."""

    _name = "hypercare.scope.fill"
    _description = "Add Users Going Live"

    charter_id = fields.Many2one("hypercare.charter", required=True, readonly=True)
    group_ids = fields.Many2many(
        "res.groups",
        string="Groups",
        help="Every active internal user of these groups goes live.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Users To Add",
        compute="_compute_user_ids",
        store=True,
        readonly=False,
        domain=[("share", "=", False)],
    )

    @api.depends("group_ids", "charter_id")
    def _compute_user_ids(self):
        for wizard in self:
            company = wizard.charter_id.company_id
            users = wizard.group_ids.all_user_ids.filtered(
                lambda u, c=company: u.active and not u.share and c in u.company_ids
            )
            wizard.user_ids = users - wizard.charter_id.scope_user_ids

    def action_apply(self):
        self.ensure_one()
        if not self.user_ids:
            raise UserError(self.env._("Pick a group or users to add."))
        self.charter_id.write(
            {"scope_user_ids": [Command.link(user.id) for user in self.user_ids]}
        )
        return {"type": "ir.actions.act_window_close"}
