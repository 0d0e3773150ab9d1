from collections import Counter

from pytz import utc

from odoo import api, fields, models
from odoo.tools import format_date

from .hypercare_charter import OPEN_STATES, RECOMMENDED_CHAMPIONS
from .hypercare_ticket_report_dashboard import NO_LAYER

BLOCKERS_SHOWN = 10  # open critical / breached high tickets listed at the stand-up


class HypercareCharter(models.Model):
    """The daily stand-up of the charter: what it shows and who gets it."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    last_standup_date = fields.Datetime(
        string="Last Stand-up",
        copy=False,
        help="Tickets reported since then are new at the next stand-up.",
    )
    days_since_go_live = fields.Integer(compute="_compute_standup_timing")
    days_to_planned_end = fields.Integer(compute="_compute_standup_timing")
    cadence = fields.Char(compute="_compute_standup_timing")
    standup_html = fields.Html(
        string="Stand-up", compute="_compute_standup_html", sanitize=False
    )

    def _compute_standup_timing(self):
        today = fields.Date.context_today(self)
        for charter in self:
            since = (today - charter.go_live_date).days if charter.go_live_date else 0
            charter.days_since_go_live = since
            charter.days_to_planned_end = (
                (charter.planned_end_date - today).days
                if charter.planned_end_date
                else 0
            )
            charter.cadence = charter._hypercare_cadence(since)

    @api.depends_context("uid")
    def _compute_standup_html(self):
        # the stand-up names tickets: for the charter's staff only
        staffed = self._hypercare_staff_charters()
        for charter in self:
            charter.standup_html = (
                self.env["ir.qweb"]._render(
                    "hypercare_support.hypercare_standup_content",
                    {"charter": charter, "data": charter._hypercare_standup_data()},
                )
                if charter.id and charter in staffed
                else False
            )

    def action_send_standup(self):
        """E-mail the stand-up summary to the leads and the sponsor. The
        charter's champions may send it too (from the dashboard): the staff
        checked, it is posted and dated as the system, in their name."""
        self._hypercare_check_staff()
        template = self.env.ref(
            "hypercare_support.mail_template_hypercare_standup",
            raise_if_not_found=False,
        )
        for charter in self.sudo():
            partners = charter._hypercare_standup_partners()
            if template:
                charter.message_post_with_source(
                    template,
                    partner_ids=partners.ids,
                    message_type="comment",
                    # a note: the named staff only, never the charter's followers
                    subtype_xmlid="mail.mt_note",
                )
            charter.last_standup_date = fields.Datetime.now()
        return True

    def action_mark_standup(self):
        """The stand-up was held: what comes next is new at the next one
        (for the charter's staff, champions included)."""
        self._hypercare_check_staff()
        self.sudo().write({"last_standup_date": fields.Datetime.now()})
        return True

    @api.model
    def _cron_standup_summary(self):
        """Scheduled action: the daily stand-up summary of running charters."""
        charters = self.search([("state", "in", OPEN_STATES)])
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for charter in charters:
            charter.action_send_standup()
            if in_cron and not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _hypercare_cadence(self, days_since_go_live):
        if days_since_go_live < 0:
            return self.env._("Before go-live: rehearse triage and the stand-up.")
        if days_since_go_live < 7:
            return self.env._(
                "Week 1: triage several times a day, SLA monitoring hourly."
            )
        if days_since_go_live < 28:
            return self.env._("Daily stand-up, SLA monitoring daily.")
        return self.env._("Daily stand-up, SLA monitoring weekly.")

    def _hypercare_not_live_yet(self, now):
        """What the charts and the stand-up's trend say before go-live (they
        start with go-live's week), or False once live."""
        tz = self._hypercare_dashboard_weeks(now)[1]
        today = utc.localize(now).astimezone(tz).date()
        if not self.go_live_date or self.go_live_date <= today:
            return False
        return self.env._(
            "Not live yet: the weekly figures start with go-live on %(date)s.",
            date=format_date(self.env, self.go_live_date),
        )

    def _hypercare_standup_data(self):
        """Everything the stand-up looks at: its figures from the dashboard's
        one scan of ``hypercare.ticket.report`` (open tickets by severity and
        layer, no layer counting at L1; new ones; the weekly trend, SLA
        compliance on the BAU basis as the exit gate measures it) and the
        exit gate measured from that scan; the blockers' names from their
        carrier (read under sudo: for the charter's staff only, who see
        those tickets)."""
        self.ensure_one()
        self._hypercare_check_staff()
        now = fields.Datetime.now()
        levels = (
            self.env["hypercare.severity"]
            ._fields["level"]
            ._description_selection(self.env)
        )
        layers = self._hypercare_layer_labels()
        bounds, tz = self._hypercare_dashboard_weeks(now)
        exit_window = self.env["hypercare.exit.criterion"]._charter_exit_window(
            self, now, min_weeks=max(len(bounds) - 2, 2)
        )
        counts = self._hypercare_dashboard_counts(now, bounds, exit_window)
        memo = {("exit_counts", self.id): (*counts["exit"], exit_window[1])}
        charter = self.with_context(hypercare_request_memo=memo)
        matrix = Counter(
            {
                (level, layer): count
                for layer, by_level in counts["open_layers"].items()
                for level, count in by_level.items()
            }
        )
        blockers = []
        for model_name in self._hypercare_ticket_models():
            blockers += (
                self.env[model_name]
                .sudo()
                .search(
                    [
                        ("hypercare_charter_id", "=", self.id),
                        ("hypercare_is_open", "=", True),
                        "|",
                        ("severity_level", "=", "critical"),
                        "&",
                        ("severity_level", "=", "high"),
                        ("sla_breached", "=", True),
                    ],
                    order="date_reported",
                    limit=BLOCKERS_SHOWN,
                )
            )
        criteria = charter.exit_criterion_ids
        per_function = Counter(
            (c.function or "").strip() for c in self.champion_ids if c.function
        )
        weeks = [
            dict(week, baseline=self.baseline_weekly_volume)
            for week in self._hypercare_dashboard_trend(counts, bounds, tz)
        ]
        return {
            "now": now,
            "since": counts["since"],
            "levels": levels,
            "layers": list(layers.items()),
            "matrix": matrix,
            "level_totals": dict(counts["open"]),
            "new_count": counts["new"],
            "breached": counts["breached"],
            "at_risk": counts["at_risk"],
            "blockers": [
                {
                    "name": ticket.display_name,
                    "severity": ticket.severity_id.name,
                    "layer": (ticket.support_layer or NO_LAYER).upper(),
                    "breached": ticket.sla_breached,
                    "reported": ticket.date_reported,
                }
                for ticket in sorted(blockers, key=lambda t: t.date_reported)[
                    :BLOCKERS_SHOWN
                ]
            ],
            "weeks": weeks,
            "not_live_yet": self._hypercare_not_live_yet(now),
            "criteria": [
                {
                    "name": c.name,
                    "kind": c.kind,
                    "value": c.current_value,
                    "target": c.target_display,
                    "met": c.is_met,
                    "measurable": c.measurable,
                    "required": c.required,
                }
                for c in criteria
            ],
            "exit_ready": charter.exit_ready,
            "exit_met_count": charter.exit_met_count,
            "exit_required_count": charter.exit_required_count,
            "functions": sorted(per_function.items()),
            "recommended": (RECOMMENDED_CHAMPIONS, 4),
            "sections": sorted(
                self._hypercare_standup_sections(), key=lambda s: s["sequence"]
            ),
        }

    def _hypercare_standup_sections(self):
        """Extension point: extra sections of the stand-up, after the roster.

        Each feature (adoption, partner budget, watches) appends dicts
        ``{"key", "title", "sequence", "lines": [str], "warning": bool}``;
        ``warning`` shows the lines as a problem. Called for one charter, by
        its staff, inside ``_hypercare_standup_data``.
        """
        self.ensure_one()
        return []

    def _hypercare_standup_partners(self):
        self.ensure_one()
        return (
            self.incident_lead_id
            | self.reporting_lead_id
            | self.adoption_lead_id
            | self.executive_sponsor_id
        ).partner_id
