from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from .hypercare_charter_dashboard import SEVERITY_COLORS
from .hypercare_severity import LEVELS

PARTNER_LAYERS = ("l3", "l4")


class HypercareCharter(models.Model):
    """The support layers on the dashboard: the open tickets at each layer,
    the time spent at each, the partner's and the vendor's share of the
    work."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    def _hypercare_layer_hours(self):
        """{layer: hours} the tickets of this charter spent at each layer:
        the stays ended by an escalation, a resolution or a cancellation (kept
        as ``hypercare.ticket.layer`` rows), plus the stays still in progress
        of its open tickets, up to now. A stay is counted once: it gets its
        row only when it ends."""
        self.ensure_one()
        groups = (
            self.env["hypercare.ticket.layer"]
            .sudo()
            ._read_group(
                [("charter_id", "=", self.id)], ["support_layer"], ["hours:sum"]
            )
        )
        hours = defaultdict(float, {layer: h or 0.0 for layer, h in groups})
        for layer, running in self._hypercare_layer_hours_running():
            hours[layer] += running
        return dict(hours)

    def _hypercare_layer_hours_running(self):
        """[(layer, hours)] of the stays in progress: each open ticket at its
        layer since it reached it (or since it was reported). Within one
        dashboard request (context ``hypercare_request_memo``) they come from
        the dashboard's own scan (``("layer_stays", charter id)``); one
        aggregate over the carrier's index of open tickets otherwise."""
        self.ensure_one()
        memo = self.env.context.get("hypercare_request_memo")
        if memo and ("layer_stays", self.id) in memo:
            return [
                (layer, stay.total_seconds() / 3600.0)
                for layer, stay in memo[("layer_stays", self.id)].items()
            ]
        Ticket = self._hypercare_carrier_model()
        if "hypercare_layer_since" not in Ticket._fields:
            return []  # not a ticket carrier
        now = fields.Datetime.now()
        return self.env.execute_query(
            SQL(
                """SELECT COALESCE(t.support_layer, 'l1'),
                          SUM(GREATEST(EXTRACT(EPOCH FROM %(now)s - COALESCE(
                              t.hypercare_layer_since, t.date_reported)), 0)) / 3600.0
                     FROM %(table)s t
                    WHERE t.hypercare_charter_id = %(charter)s
                      AND t.hypercare_is_open IS TRUE
                      AND COALESCE(t.hypercare_layer_since, t.date_reported) IS NOT NULL
                    GROUP BY 1""",
                now=now,
                table=SQL.identifier(Ticket._table),
                charter=self.id,
            )
        )

    def _hypercare_layer_labels(self):
        """{layer: its label in the user's language}, L1 first."""
        field = self.env["hypercare.champion"]._fields["support_layer"]
        return dict(field._description_selection(self.env))

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        hours = self._hypercare_layer_hours()
        total = sum(hours.values())
        partner = sum(hours.get(layer, 0.0) for layer in PARTNER_LAYERS)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_ticket_layer_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        action["name"] = self.env._("%(name)s · time at each layer", name=self.name)
        res["tiles"].append(
            {
                "key": "partner_share",
                "label": self.env._("Partner and vendor share of the work"),
                # no time at any layer yet: no figure (not 0 %)
                "value": round(partner * 100.0 / total, 1) if total else None,
                "unit": "%",
                "sequence": 80,
                "state": "muted" if not total else "ok",
                "action": action,
                "help": self.env._(
                    "Hours spent at L3 (partner) and L4 (vendor) over all the "
                    "hours tickets spent at a layer, stays still in progress "
                    "included."
                ),
            }
        )
        labels = self._hypercare_layer_labels()
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
                        name=self.env._(
                            "%(name)s · time at %(layer)s",
                            name=self.name,
                            layer=labels[layer],
                        ),
                        domain=action["domain"] + [("support_layer", "=", layer)],
                    )
                    for layer in labels
                ],
            }
        )
        return res

    def _hypercare_dashboard_charts(self, counts, bounds, tz, now):
        """The open tickets by support layer and severity (from the
        dashboard's scan: ``counts["open_layers"]``)."""
        charts = super()._hypercare_dashboard_charts(counts, bounds, tz, now)
        severities = {s.level: s.name for s in self._hypercare_matrix()}
        layers = self._hypercare_layer_labels()

        def at_layer(layer):
            # a ticket without a layer is at the first one (its default)
            if layer == "l1":
                return [("support_layer", "in", ["l1", False])]
            return [("support_layer", "=", layer)]

        is_open = [("is_open", "=", True)]
        charts.append(
            {
                "key": "open_by_layer",
                "title": self.env._("Open tickets by support layer"),
                "sequence": 45,
                "type": "bar",
                "stacked": True,
                "labels": list(layers.values()),
                "datasets": [
                    {
                        "label": severities.get(level, label),
                        "data": [
                            counts["open_layers"][layer][level] for layer in layers
                        ],
                        "color": SEVERITY_COLORS[level],
                        "actions": [
                            self._hypercare_dashboard_action(
                                self.env._(
                                    "%(severity)s open at %(layer)s",
                                    severity=severities.get(level, label),
                                    layer=layer_label,
                                ),
                                [
                                    *is_open,
                                    ("severity_level", "=", level),
                                    *at_layer(layer),
                                ],
                            )
                            for layer, layer_label in layers.items()
                        ],
                    }
                    for level, label in LEVELS
                ],
                "actions": [
                    self._hypercare_dashboard_action(
                        self.env._("Open at %(layer)s", layer=layer_label),
                        [*is_open, *at_layer(layer)],
                    )
                    for layer, layer_label in layers.items()
                ],
            }
        )
        return charts
