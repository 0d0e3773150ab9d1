from odoo import models

from .hypercare_champion import SUPPORT_LAYERS

PARTNER_LAYERS = ("l3", "l4")


class HypercareCharter(models.Model):
    """The time spent at each support layer on the dashboard: the partner's
    and the vendor's share of the work."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_layer_hours(self):
        """{layer: hours} the tickets of this charter spent at each layer
        (stays ended by an escalation, a resolution or a cancellation)."""
        self.ensure_one()
        groups = (
            self.env["hypercare.ticket.layer"]
            .sudo()
            ._read_group(
                [("charter_id", "=", self.id)], ["support_layer"], ["hours:sum"]
            )
        )
        return {layer: hours or 0.0 for layer, hours in groups}

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        hours = self._hypercare_layer_hours()
        total = sum(hours.values())
        partner = sum(hours.get(layer, 0.0) for layer in PARTNER_LAYERS)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_ticket_layer_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        res["tiles"].append(
            {
                "key": "partner_share",
                "label": self.env._("Partner and vendor share of the work"),
                "value": round(partner * 100.0 / total, 1) if total else 0.0,
                "unit": "%",
                "sequence": 80,
                "state": "muted" if not total else "ok",
                "action": action,
                "help": self.env._(
                    "Hours spent at L3 (partner) and L4 (vendor) over all the "
                    "hours tickets spent at a layer."
                ),
            }
        )
        labels = dict(SUPPORT_LAYERS)
        res["charts"].append(
            {
                "key": "hours_per_layer",
                "title": self.env._("Hours per support layer"),
                "sequence": 80,
                "type": "bar",
                "labels": [labels[layer] for layer in labels],
                "datasets": [
                    {
                        "label": self.env._("Hours"),
                        "data": [round(hours.get(layer, 0.0), 1) for layer in labels],
                    }
                ],
                "actions": [
                    dict(
                        action,
                        domain=action["domain"] + [("support_layer", "=", layer)],
                    )
                    for layer in labels
                ],
            }
        )
        return res
