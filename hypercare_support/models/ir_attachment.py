from odoo import models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_access(self, operation):
        """A charter's handover report names other people's tickets: like the
        other PDFs of the charter, it is for its staff only, though every user
        reads the charter itself."""
        res = super()._check_access(operation)
        if self.env.su or not self:
            return res
        charters = (
            self.env["hypercare.charter"]
            .sudo()
            .with_context(active_test=False)
            .search([("handover_attachment_id", "in", self.ids)])
        )
        if not charters:
            return res
        outside = charters - charters.with_env(self.env)._hypercare_staff_charters()
        refused = self.browse(outside.sudo().handover_attachment_id.ids)
        if not refused:
            return res
        if res:
            forbidden, error_func = res
            return forbidden | refused, error_func
        return refused, lambda: refused._hypercare_staff_only_error()

    def _hypercare_staff_only_error(self):
        return AccessError(
            self.env._(
                "The handover report is for the charter's champions and the "
                "hypercare managers."
            )
        )
