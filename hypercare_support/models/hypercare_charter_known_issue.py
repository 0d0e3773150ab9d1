from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_datetime

from .hypercare_ticket_handover import QUIET

VERIFICATION_BATCH = 1000  # tickets confirmed per committed batch


class HypercareCharter(models.Model):
    """The charter's known issues and hotfix windows, and the daily job that
    confirms the resolutions their reporters left unanswered."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    known_issue_ids = fields.One2many(
        "hypercare.known.issue", "charter_id", string="Known Issues"
    )
    hotfix_window_ids = fields.One2many(
        "hypercare.hotfix.window", "charter_id", string="Hotfix Windows"
    )
    open_known_issue_count = fields.Integer(
        string="Open Known Issues", compute="_compute_open_known_issue_count"
    )

    @api.depends("known_issue_ids.state")
    def _compute_open_known_issue_count(self):
        counts = dict(
            self.env["hypercare.known.issue"]._read_group(
                [
                    ("charter_id", "in", self.ids),
                    ("state", "in", ("investigating", "workaround", "scheduled")),
                ],
                ["charter_id"],
                ["__count"],
            )
        )
        for charter in self:
            charter.open_known_issue_count = counts.get(charter._origin, 0)

    def action_view_known_issues(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_known_issue_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        action["context"] = {"default_charter_id": self.id}
        return action

    def action_view_hotfix_windows(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_hotfix_window_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        action["context"] = {"default_charter_id": self.id}
        return action

    def _hypercare_open_known_issues(self):
        self.ensure_one()
        return self.env["hypercare.known.issue"].search(
            [
                ("charter_id", "=", self.id),
                ("state", "in", ("investigating", "workaround", "scheduled")),
            ]
        )

    def _hypercare_planned_windows(self):
        self.ensure_one()
        return self.env["hypercare.hotfix.window"].search(
            [("charter_id", "=", self.id), ("state", "=", "planned")],
            order="date_planned, id",
        )

    def _hypercare_standup_sections(self):
        """The open known issues (problems, with their affected people) and
        the planned hotfix windows with what each carries."""
        sections = super()._hypercare_standup_sections()
        issues = self._hypercare_open_known_issues()
        windows = self._hypercare_planned_windows()
        if not (issues or windows):
            return sections
        state_labels = dict(
            self.env["hypercare.known.issue"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        lines = [
            self.env._(
                "%(name)s (%(state)s): %(open)s open reports, %(users)s people",
                name=issue.name,
                state=state_labels[issue.state],
                open=issue.open_ticket_count,
                users=issue.affected_user_count,
            )
            for issue in issues
        ]
        lines += [
            (
                self.env._(
                    "Next hotfix window %(name)s, %(date)s, carries: %(issues)s",
                    name=window.name,
                    date=self._hypercare_window_time(window),
                    issues=self._hypercare_window_carries_text(window),
                )
                if window == windows[:1]
                else self.env._(
                    "Hotfix window %(name)s, %(date)s, carries: %(issues)s",
                    name=window.name,
                    date=self._hypercare_window_time(window),
                    issues=self._hypercare_window_carries_text(window),
                )
            )
            for window in windows
        ]
        sections.append(
            {
                "key": "known_issues",
                "title": self.env._("Known issues and hotfix windows"),
                "sequence": 15,
                "lines": lines,
                "warning": any(
                    i.severity_level in ("critical", "high") for i in issues
                ),
            }
        )
        return sections

    def _hypercare_dashboard_sections(self):
        res = super()._hypercare_dashboard_sections()
        issues = self._hypercare_open_known_issues()
        windows = self._hypercare_planned_windows()
        res["tiles"] += [
            {
                "key": "known_issues",
                "label": self.env._("Open known issues"),
                "value": len(issues),
                "sequence": 45,
                "state": "warning" if issues else "ok",
                "help": self.env._(
                    "Problems many people hit, %(count)s people affected.",
                    count=sum(issues.mapped("affected_user_count")),
                ),
                "action": self.action_view_known_issues(),
            },
            self._hypercare_next_window_tile(windows),
        ]
        return res

    def _hypercare_next_window_tile(self, windows):
        """The dashboard's tile of the next planned hotfix window: when, and
        the known issues it carries with the people each affects; it opens
        the planned windows (list and calendar)."""
        window = windows[:1]
        action = self.action_view_hotfix_windows()
        action["context"]["search_default_planned"] = 1
        if window:
            action["context"]["initial_date"] = fields.Datetime.to_string(
                window.date_planned
            )
        return {
            "key": "hotfix_windows",
            "label": self.env._("Next hotfix window"),
            "value": window.name or self.env._("None planned"),
            "detail": self._hypercare_window_time(window) if window else False,
            "lines": [
                {
                    "label": issue.name,
                    "value": self.env._(
                        "%(count)s affected", count=issue.affected_user_count
                    ),
                }
                for issue in self._hypercare_window_carries(window)
            ],
            "sequence": 46,
            "state": "ok" if window else "muted",
            "help": self.env._("%(count)s planned hotfix windows.", count=len(windows)),
            "action": action,
        }

    def _hypercare_window_carries(self, window):
        """The known issues a planned window still has to fix."""
        return window.known_issue_ids.filtered(
            lambda i: i.state in ("investigating", "workaround", "scheduled")
        )

    def _hypercare_window_carries_text(self, window):
        return ", ".join(
            self.env._(
                "%(name)s (%(count)s affected)",
                name=issue.name,
                count=issue.affected_user_count,
            )
            for issue in self._hypercare_window_carries(window)
        ) or self.env._("nothing yet")

    def _hypercare_window_time(self, window):
        """When ``window`` is planned, in the go-live's time zone (its
        calendar's, else the user's)."""
        self.ensure_one()
        calendar = self._get_calendar()
        return format_datetime(
            self.env,
            window.date_planned,
            tz=calendar.tz if calendar else False,
            dt_format="EEE d MMM, HH:mm",
        )

    @api.model
    def _cron_hypercare_verification(self):
        """Scheduled action: resolutions whose reporter neither confirmed nor
        reopened within their charter's ``reopen_days`` are confirmed
        automatically, in committed batches (set-based: one search and one
        write per batch)."""
        now = fields.Datetime.now()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([], ["reopen_days"], ["id:array_agg"])
        )
        done = 0
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo().with_context(**QUIET)
            for days, charter_ids in groups:
                domain = [
                    ("hypercare_charter_id", "in", charter_ids),
                    ("hypercare_verification", "=", "pending"),
                    ("hypercare_state", "=", "done"),
                    ("date_resolved", "<=", now - timedelta(days=days or 0)),
                ]
                while True:
                    tickets = Ticket.search(domain, limit=VERIFICATION_BATCH)
                    if not tickets:
                        break
                    tickets.write(
                        {
                            "hypercare_verification": "auto",
                            "hypercare_date_verified": now,
                        }
                    )
                    done += len(tickets)
                    if in_cron and not self.env["ir.cron"]._commit_progress(
                        len(tickets)
                    ):
                        return done
                    if len(tickets) < VERIFICATION_BATCH:
                        break
        return done
