from odoo import models


class HypercareCharter(models.Model):
    """The cockpit of one charter (client action ``action_hypercare_dashboard``)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_dashboard_sections(self):
        """Extension point: tiles and charts that features add to the dashboard.

        Returns ``{"tiles": [...], "charts": [...]}`` for one charter. A tile is
        ``{"key", "label", "value", "sequence", "state", "action"}`` with
        ``state`` one of ``ok``, ``warning``, ``danger``, ``muted`` and
        ``action`` a window action dict opening the matching list (or False);
        optional ``unit`` and ``help``. A chart is ``{"key", "title",
        "sequence", "type" ("bar" or "line"), "labels": [str], "datasets":
        [{"label", "data": [number], "type"?}], "actions": [action or False
        per label]}``. Overrides call ``super()`` and append. The caller has
        checked that the user is staff of the charter.
        """
        self.ensure_one()
        return {"tiles": [], "charts": []}
