from odoo import api, models

from .hypercare_ticket_report_hook import REPORT_FIELDS

DASHBOARD_NOTIFICATION = "hypercare_support/dashboard_changed"


class HypercareTicketMixin(models.AbstractModel):
    """Tells the open dashboards that a charter's figures moved: one bus
    notification per charter and transaction, sent at commit to the
    champions' group channel (every champion and manager listens to it). It
    carries the charter's id only: the dashboard reads its figures itself,
    under its own access check."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.ticket.mixin"

    @api.model
    def _hypercare_dashboard_fields(self):
        """The ticket fields whose change moves a dashboard figure."""
        return set(REPORT_FIELDS.values()) | set(self._hypercare_state_trigger_fields)

    def _sla_scan_process(self, now):
        res = super()._sla_scan_process(now)
        self._hypercare_dashboard_notify()
        return res

    def _hypercare_dashboard_notify(self):
        if not self:
            return
        charters = self.sudo().hypercare_charter_id
        sent = self.env.cr.precommit.data.setdefault(
            "hypercare.dashboard.charters", set()
        )
        todo = set(charters.ids) - sent
        if not todo:
            return
        sent |= todo
        group = self.env.ref(
            "hypercare_support.group_hypercare_champion", raise_if_not_found=False
        )
        if not group:
            return
        for charter_id in sorted(todo):
            self.env["bus.bus"]._sendone(
                group, DASHBOARD_NOTIFICATION, {"charter_id": charter_id}
            )
