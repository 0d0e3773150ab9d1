from datetime import timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from .hypercare_charter import OPEN_STATES
from .hypercare_exit_criterion import week_boundaries, week_start
from .hypercare_severity import LEVELS
from .hypercare_ticket_report_hook import REPORT_FIELDS

TREND_WEEKS = 6  # weeks shown by the charts, the current one last (as the stand-up)
SEVERITY_COLORS = {
    "critical": "#d9534f",
    "high": "#f0ad4e",
    "medium": "#5bc0de",
    "low": "#8f9ba8",
}


def _dt(value):
    return fields.Datetime.to_string(value)


class HypercareCharter(models.Model):
    """The cockpit of one charter (client action ``action_hypercare_dashboard``)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    @api.readonly
    @api.model
    def get_hypercare_dashboard_data(self, charter_id=None):
        """Everything the dashboard shows for one charter, in one request:
        its tiles and charts (the stand-up's and the exit gate's figures, read
        from ``hypercare.ticket.report``) and the charters the user may switch
        to. For the charter's staff only; read-only (a replica may serve it)."""
        # the charters that went live (a draft has no tickets yet)
        staffed = self.search([("state", "!=", "draft")])._hypercare_staff_charters()
        if charter_id:
            charter = self.browse(int(charter_id)).exists()
            if not charter:
                raise AccessError(self.env._("This charter does not exist."))
            charter._hypercare_check_staff()
        else:
            running = staffed.filtered(lambda c: c.state in OPEN_STATES)
            charter = (running or staffed)[:1]
            if not charter:
                raise AccessError(
                    self.env._(
                        "The dashboard is for the champions of a charter and the "
                        "hypercare managers."
                    )
                )
        return charter._hypercare_dashboard_data(staffed)

    def _hypercare_dashboard_data(self, staffed):
        self.ensure_one()
        now = fields.Datetime.now()
        bounds, tz = self._hypercare_dashboard_weeks(now)
        # the exit gate's counts and the layer stays come from the dashboard's
        # own scan; its window reaches the charts' first week (BAU SLA series)
        exit_window = self.env["hypercare.exit.criterion"]._charter_exit_window(
            self, now, min_weeks=max(len(bounds) - 2, 2)
        )
        counts = self._hypercare_dashboard_counts(now, bounds, exit_window)
        memo = {("exit_counts", self.id): (*counts["exit"], exit_window[1])}
        memo[("layer_stays", self.id)] = counts["layer_stays"]
        # the carrier's action, read once: every drill-down is a copy of it;
        # the features' actions travel by reference and measures are shared
        # (hypercare_request_memo: see ir.actions.actions._for_xml_id)
        charter = self.with_context(hypercare_request_memo=memo)
        charter = charter.with_context(
            hypercare_dashboard_base=charter._hypercare_dashboard_action("", [])
        )
        tiles = charter._hypercare_dashboard_tiles(counts)
        charts = charter._hypercare_dashboard_charts(counts, bounds, tz, now)
        extra = charter._hypercare_dashboard_sections()
        tiles += extra.get("tiles", [])
        charts += extra.get("charts", [])
        return {
            "charter": {
                "id": self.id,
                "name": self.name,
                "state": self.state,
                "state_label": dict(
                    self._fields["state"]._description_selection(self.env)
                ).get(self.state),
                "cadence": self.cadence,
                "last_standup_date": self.last_standup_date
                and _dt(self.last_standup_date),
                "not_live_yet": self._hypercare_not_live_yet(now),
            },
            "charters": [{"id": c.id, "name": c.name} for c in staffed],
            "tiles": sorted(tiles, key=lambda t: t.get("sequence", 100)),
            "charts": sorted(charts, key=lambda c: c.get("sequence", 100)),
        }

    def _hypercare_dashboard_weeks(self, now):
        """UTC starts of the charts' weeks (the stand-up's trend weeks) and
        the end of the current one; the charter's time zone. The first week
        is go-live's (none before it is shown); before go-live, the current
        week only, which the trend leaves out."""
        calendar = self._get_calendar()
        tz_name = (calendar.tz if calendar else "UTC") or "UTC"
        bounds = week_boundaries(tz_name, now, now.date(), min_weeks=TREND_WEEKS - 1)
        if self.go_live_date:
            go_live_week = week_start(tz_name, self.go_live_date)
            bounds = [b for b in bounds if b >= go_live_week] or bounds[-1:]
        monday = utc.localize(bounds[-1]).astimezone(timezone(tz_name)).date()
        bounds.append(week_start(tz_name, monday + timedelta(days=7)))
        return bounds, timezone(tz_name)

    def _hypercare_dashboard_counts(self, now, bounds, exit_window=None):
        """The figures of the tiles and the charts, and with ``exit_window``
        the exit gate's counts (one scan of the report)."""
        since = self._hypercare_dashboard_since(now)
        counts = self.env["hypercare.ticket.report"]._charter_dashboard_counts(
            self, now, bounds, since, exit_window
        )
        counts["since"] = since
        return counts

    def _hypercare_dashboard_since(self, now):
        """Tickets reported from then on are new (the stand-up's rule)."""
        return self.last_standup_date or now - timedelta(days=1)

    # -- drill-downs ----------------------------------------------------------

    def _hypercare_dashboard_action(self, name, domain):
        """The charter's ticket list (its carrier's action, list first) on
        ``domain``, written with the report's column names."""
        action = dict(self.env.context.get("hypercare_dashboard_base") or {})
        if not action:
            action = self._action_tickets([], name)
            if "hypercare_xml_id" in action:
                # by reference (ir.actions.actions._for_xml_id): the client
                # puts the list first when it loads it
                action["hypercare_list_first"] = True
            else:
                views = action.get("views") or []
                action["views"] = [v for v in views if v[1] == "list"] + [
                    v for v in views if v[1] != "list"
                ]
                action.pop("view_mode", None)
        action["context"] = dict(action.get("context") or {})
        translated = []
        for term in domain:
            if isinstance(term, tuple):
                term = (REPORT_FIELDS.get(term[0], term[0]), *term[1:])
            translated.append(term)
        action["name"] = name
        action["domain"] = [("hypercare_charter_id", "=", self.id), *translated]
        action["target"] = "current"
        return action

    def _hypercare_week_domain(self, column, start, end):
        return [(column, ">=", _dt(start)), (column, "<", _dt(end))]

    # -- tiles ----------------------------------------------------------------

    def _hypercare_dashboard_tiles(self, counts):
        is_open = [("is_open", "=", True)]
        tiles = []
        severities = {s.level: s for s in self._hypercare_matrix().sorted("sequence")}
        for sequence, (level, label) in enumerate(LEVELS, start=1):
            count = counts["open"][level]
            name = severities[level].name if level in severities else label
            danger = level in ("critical", "high") and count
            tiles.append(
                {
                    "key": f"open_{level}",
                    "label": self.env._("Open %(severity)s", severity=name),
                    "value": count,
                    "sequence": sequence,
                    "state": "danger" if danger else ("ok" if not count else "muted"),
                    "action": self._hypercare_dashboard_action(
                        self.env._("Open %(severity)s tickets", severity=name),
                        [*is_open, ("severity_level", "=", level)],
                    ),
                }
            )
        # the go-live day's start in the charter's time zone
        go_live_start = self.go_live_date and self._hypercare_week_start(
            self.go_live_date
        )
        tiles += [
            {
                "key": "breached",
                "label": self.env._("Breached"),
                "value": counts["breached"],
                "sequence": 10,
                "state": "danger" if counts["breached"] else "ok",
                "action": self._hypercare_dashboard_action(
                    self.env._("Breached tickets"),
                    [*is_open, ("sla_status", "=", "failed")],
                ),
            },
            {
                "key": "at_risk",
                "label": self.env._("At risk"),
                "value": counts["at_risk"],
                "sequence": 11,
                "state": "warning" if counts["at_risk"] else "ok",
                "action": self._hypercare_dashboard_action(
                    self.env._("Tickets at risk"),
                    [*is_open, ("sla_status", "=", "at_risk")],
                ),
            },
            {
                "key": "new",
                "label": self.env._("New since the last stand-up"),
                "value": counts["new"],
                "sequence": 12,
                "state": "muted",
                "action": self._hypercare_dashboard_action(
                    self.env._("New since the last stand-up"),
                    [("date_reported", ">=", _dt(counts["since"]))],
                ),
            },
            {
                "key": "days_since_go_live",
                "label": self.env._("Days since go-live"),
                "value": self.days_since_go_live,
                "sequence": 20,
                "state": "muted",
                "action": self._hypercare_dashboard_action(
                    self.env._(
                        "Reported since go-live (%(date)s)",
                        date=format_date(self.env, self.go_live_date),
                    ),
                    [
                        ("state", "!=", "cancelled"),
                        ("date_reported", ">=", _dt(go_live_start)),
                    ],
                )
                if go_live_start
                else False,
            },
            {
                "key": "days_to_planned_end",
                "label": self.env._("Days to the planned end"),
                "value": self.days_to_planned_end,
                "sequence": 21,
                "state": "warning" if self.days_to_planned_end < 7 else "muted",
                "action": self._hypercare_dashboard_action(
                    self.env._(
                        "Open tickets, %(days)s days to the planned end (%(date)s)",
                        days=self.days_to_planned_end,
                        date=format_date(self.env, self.planned_end_date),
                    ),
                    is_open,
                ),
            },
            {
                "key": "exit_criteria",
                "label": self.env._("Exit criteria met"),
                "value": f"{self.exit_met_count} / {self.exit_required_count}",
                "sequence": 30,
                "state": "ok" if self.exit_ready else "warning",
                "help": self.env._("Required exit criteria met, of all required"),
                "action": {
                    "type": "ir.actions.act_window",
                    "name": self.env._(
                        "%(name)s · required exit criteria (%(met)s of %(count)s met)",
                        name=self.name,
                        met=self.exit_met_count,
                        count=self.exit_required_count,
                    ),
                    "res_model": "hypercare.exit.criterion",
                    "views": [[False, "list"], [False, "form"]],
                    "domain": [
                        ("charter_id", "=", self.id),
                        ("required", "=", True),
                    ],
                    "context": {"default_charter_id": self.id},
                },
            },
        ]
        return tiles

    # -- stand-up from the dashboard ---------------------------------------------

    def action_open_dashboard(self):
        """The dashboard on this charter."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "hypercare_support.action_hypercare_dashboard"
        )
        action["params"] = {"charter_id": self.id}
        return action

    @api.readonly
    def action_open_standup(self):
        """The stand-up of the charter in a dialog, with its e-mail and PDF
        (read-only: a replica may serve it)."""
        self.ensure_one()
        self._hypercare_check_staff()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Stand-up: %(name)s", name=self.name),
            "res_model": "hypercare.charter",
            "res_id": self.id,
            "views": [
                [
                    self.env.ref(
                        "hypercare_support.hypercare_charter_view_form_standup"
                    ).id,
                    "form",
                ]
            ],
            "target": "new",
        }

    def action_print_standup(self):
        """The stand-up as a PDF."""
        self._hypercare_check_staff()
        return self.env.ref("hypercare_support.hypercare_standup_report").report_action(
            self
        )

    def _hypercare_dashboard_sections(self):
        """Extension point: tiles and charts that features add to the dashboard.

        Returns ``{"tiles": [...], "charts": [...]}`` for one charter. A tile is
        ``{"key", "label", "value", "sequence", "state", "action"}`` with
        ``state`` one of ``ok``, ``warning``, ``danger``, ``muted`` and
        ``action`` a window action dict opening the matching list (or False);
        optional ``unit`` and ``help``. A chart is ``{"key", "title",
        "sequence", "type" ("bar" or "line"), "labels": [str], "datasets":
        [{"label", "data": [number or None: no point], "type"?, "axis"?}],
        "actions": [action or False per label]}``, optional ``max`` (of the
        left axis) and ``right_max`` (of the right one, which the datasets of
        ``"axis": "right"`` use). Overrides call ``super()`` and append. The
        caller has checked that the user is staff of the charter.
        """
        self.ensure_one()
        return {"tiles": [], "charts": []}
