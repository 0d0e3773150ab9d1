from odoo import models

# the groups whose access rights stay inside hypercare records
HYPERCARE_GROUPS = (
    "hypercare_support.group_hypercare_user",
    "hypercare_support.group_hypercare_champion",
    "hypercare_support.group_hypercare_manager",
)
ACCESS_MODES = ("read", "write", "create", "unlink")
MANAGER_GROUP = "hypercare_support.group_hypercare_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _hypercare_has_other_access(self, model_name, mode):
        """Whether this user holds ``mode`` access to ``model_name`` through a
        global access right or a group other than the hypercare ones.

        Access rights of all groups are OR-ed with the record rules of all
        groups: a write right that only a hypercare group gives would open,
        through another group's rule (e.g. project's rule for employees), every
        record that rule lets the user see. The global rules of the hypercare
        addons call this to narrow such users to hypercare records, and leave
        everyone whose right comes from elsewhere exactly as without the addon.
        """
        self.ensure_one()
        if mode not in ACCESS_MODES:
            raise ValueError(f"unknown access mode {mode!r}")
        hypercare = self.env["res.groups"]
        for xmlid in HYPERCARE_GROUPS:
            hypercare |= self.env.ref(xmlid, raise_if_not_found=False) or hypercare
        groups = self.all_group_ids - hypercare
        return bool(
            self.env["ir.model.access"]
            .sudo()
            .search_count(
                [
                    ("model_id.model", "=", model_name),
                    (f"perm_{mode}", "=", True),
                    "|",
                    ("group_id", "=", False),
                    ("group_id", "in", groups.ids),
                ],
                limit=1,
            )
        )

    def _hypercare_scope_domain(self, model_name, mode):
        """The domain of a global rule on a carrier model (tickets, projects)
        for this user and ``mode``: everything when the right comes from
        elsewhere (as without the addon); otherwise what the hypercare rules
        give, no more: a manager every hypercare record, anyone else those of
        the charters they staff."""
        if self._hypercare_has_other_access(model_name, mode):
            return [(1, "=", 1)]
        if self.has_group(MANAGER_GROUP):
            return [("hypercare_charter_id", "!=", False)]
        return self._hypercare_staff_domain()

    def _hypercare_staff_domain(self, field="hypercare_charter_id"):
        """Records whose charter (``field``) this user staffs: the domain of
        every staff rule, reading the charter's one staff definition."""
        return [(field, "any", [("staff_user_ids", "in", self.id)])]
