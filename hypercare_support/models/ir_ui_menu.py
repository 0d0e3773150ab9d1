from odoo import models

from .hypercare_charter_access import CHAMPION_GROUP

DASHBOARD_MENU = "hypercare_support.hypercare_dashboard_menu"


class IrUiMenu(models.Model):
    """The dashboard menu follows the charters' staff, not a group: a partner
    contact, vendor liaison or BAU contact who is a plain internal user finds
    it (SPEC: the dashboard reads the staff), other users do not."""

    _inherit = "ir.ui.menu"

    def _load_menus_blacklist(self):
        res = super()._load_menus_blacklist()
        user = self.env.user
        if user.has_group(CHAMPION_GROUP):
            return res
        staffed = (
            self.env["hypercare.charter"]
            .sudo()
            .search_count(
                [("state", "!=", "draft"), ("staff_user_ids", "in", user.ids)],
                limit=1,
            )
        )
        menu = self.env.ref(DASHBOARD_MENU, raise_if_not_found=False)
        if menu and not staffed:
            res.append(menu.id)
        return res
