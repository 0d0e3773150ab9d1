from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.db import has_trigram
from odoo.tools import SQL, is_html_empty

from .hypercare_severity import LEVELS
from .hypercare_ticket_handover import QUIET

KNOWN_ISSUE_STATES = [
    ("investigating", "Investigating"),
    ("workaround", "Workaround"),
    ("scheduled", "Fix Scheduled"),
    ("fixed", "Fixed"),
    ("cancelled", "Cancelled"),
]
OPEN_KNOWN_ISSUE_STATES = ("investigating", "workaround", "scheduled")
# the highest level wins: critical first
LEVEL_RANK = {level: rank for rank, (level, _label) in enumerate(LEVELS)}
SUGGESTION_LIMIT = 5
SIMILARITY_MIN = 0.3


class HypercareKnownIssue(models.Model):
    """One root cause many people hit (a go-live flood): its reports link to
    it, its reporters hear from it (workaround, fix) at once."""

    _name = "hypercare.known.issue"
    _description = "Hypercare Known Issue"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    name = fields.Char(required=True, index="trigram", tracking=True)
    description = fields.Html(help="What goes wrong, for the support team.")
    workaround = fields.Html(
        help="What affected people do meanwhile: sent to every linked reporter "
        "by Communicate, shown to whoever reports the same problem."
    )
    state = fields.Selection(
        KNOWN_ISSUE_STATES,
        default="investigating",
        required=True,
        tracking=True,
        index=True,
    )
    severity_level = fields.Selection(
        LEVELS,
        compute="_compute_severity_level",
        store=True,
        help="The highest severity level among its open tickets.",
    )
    hotfix_window_id = fields.Many2one(
        "hypercare.hotfix.window",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        tracking=True,
        domain="[('charter_id', '=', charter_id), ('state', '=', 'planned')]",
    )
    date_fixed = fields.Datetime(readonly=True, copy=False)
    fix_note = fields.Html(readonly=True, copy=False)
    task_ids = fields.One2many(
        "project.task", "hypercare_known_issue_id", string="Tasks", readonly=True
    )
    ticket_count = fields.Integer(
        string="Reports", compute="_compute_ticket_stats", compute_sudo=True
    )
    open_ticket_count = fields.Integer(
        string="Open Reports", compute="_compute_ticket_stats", compute_sudo=True
    )
    affected_user_count = fields.Integer(
        string="Affected Users",
        compute="_compute_ticket_stats",
        compute_sudo=True,
        help="Distinct reporters of its tickets.",
    )

    @api.constrains("hotfix_window_id", "charter_id")
    def _check_hotfix_window(self):
        for issue in self:
            window = issue.hotfix_window_id
            if window and window.charter_id != issue.charter_id:
                raise ValidationError(
                    self.env._(
                        "Hotfix window %(window)s belongs to another hypercare "
                        "than known issue %(issue)s.",
                        window=window.display_name,
                        issue=issue.display_name,
                    )
                )

    @api.depends("task_ids.severity_level", "task_ids.hypercare_is_open")
    def _compute_severity_level(self):
        levels = {}
        if self.ids:
            for model_name in self.env["hypercare.charter"]._hypercare_ticket_models():
                for issue, level in (
                    self.env[model_name]
                    .sudo()
                    ._read_group(
                        [
                            ("hypercare_known_issue_id", "in", self.ids),
                            ("hypercare_is_open", "=", True),
                            ("severity_level", "!=", False),
                        ],
                        ["hypercare_known_issue_id", "severity_level"],
                    )
                ):
                    best = levels.get(issue.id)
                    if best is None or LEVEL_RANK[level] < LEVEL_RANK[best]:
                        levels[issue.id] = level
        for issue in self:
            issue.severity_level = levels.get(issue._origin.id, False)

    def _compute_ticket_stats(self):
        stats = defaultdict(lambda: [0, 0, set()])
        if self.ids:
            for model_name in self.env["hypercare.charter"]._hypercare_ticket_models():
                for issue, is_open, reporters, count in self.env[
                    model_name
                ]._read_group(
                    [("hypercare_known_issue_id", "in", self.ids)],
                    ["hypercare_known_issue_id", "hypercare_is_open"],
                    ["hypercare_reporter_id:array_agg", "__count"],
                ):
                    row = stats[issue.id]
                    row[0] += count
                    row[1] += count if is_open else 0
                    row[2].update(r for r in reporters if r)
        for issue in self:
            total, open_count, reporters = stats[issue._origin.id]
            issue.ticket_count = total
            issue.open_ticket_count = open_count
            issue.affected_user_count = len(reporters)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("hotfix_window_id") and vals.get("state", "investigating") in (
                "investigating",
                "workaround",
            ):
                vals["state"] = "scheduled"
        issues = super().create(vals_list)
        issues._hypercare_check_staff()
        return issues

    def write(self, vals):
        self._hypercare_check_staff()
        res = super().write(vals)
        if vals.get("hotfix_window_id"):
            self.filtered(
                lambda i: i.state in ("investigating", "workaround")
            ).state = "scheduled"
        if "state" in vals and not self.env.context.get("hypercare_board_deferred"):
            self._hypercare_board_refresh()
        return res

    def unlink(self):
        """Its reports leave it: each is a card of its own again."""
        tickets = self._hypercare_linked_tickets()
        res = super().unlink()
        for found in tickets:
            found._hypercare_ki_collapse_sql([], found.ids)
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _hypercare_check_staff(self):
        """Known issues are the work of their charter's staff (and managers)."""
        if self.env.su:
            return
        staffed = self.charter_id._hypercare_staff_charters()
        if self.charter_id - staffed:
            raise AccessError(
                self.env._(
                    "Only the staff of its hypercare (champions, incident lead, "
                    "partner contact, vendor liaison) can manage known issues."
                )
            )

    def _hypercare_open_tickets(self):
        """The open tickets linked to these known issues, per carrier (sudo)."""
        tickets = []
        for model_name in self.env["hypercare.charter"]._hypercare_ticket_models():
            found = (
                self.env[model_name]
                .sudo()
                .search(
                    [
                        ("hypercare_known_issue_id", "in", self.ids),
                        ("hypercare_is_open", "=", True),
                    ]
                )
            )
            if found:
                tickets.append(found)
        return tickets

    def _hypercare_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_communicate(self):
        """Tell every linked open ticket's reporter the current state and the
        workaround: one note per ticket, addressed to its reporter alone (no
        e-mail to the followers)."""
        self._hypercare_check_staff()
        for issue in self:
            if issue.state == "investigating" and not is_html_empty(issue.workaround):
                issue.state = "workaround"
            body = issue._hypercare_status_body()
            told = 0
            for tickets in issue._hypercare_open_tickets():
                tickets._hypercare_tell_reporters(dict.fromkeys(tickets.ids, body))
                told += len(tickets)
            issue.message_post(
                body=escape(
                    self.env._(
                        "Communicated to the reporters of %(count)s open tickets."
                    )
                )
                % {"count": told},
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _hypercare_status_body(self):
        self.ensure_one()
        parts = [
            Markup("<p>%s</p>")
            % self.env._(
                "Known issue %(name)s: %(state)s.",
                name=self.name,
                state=self._hypercare_state_label(),
            )
        ]
        window = self.hotfix_window_id
        if window and self.state == "scheduled":
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "The fix is planned in hotfix window %(window)s (%(date)s).",
                    window=window.name,
                    date=fields.Datetime.to_string(window.date_planned),
                )
            )
        if not is_html_empty(self.workaround):
            parts.append(
                Markup("<p><strong>%s</strong></p>") % self.env._("Meanwhile:")
            )
            parts.append(self.workaround)
        return Markup("").join(parts)

    def action_fix(self, note=None):
        """Fixed: every linked open ticket is resolved now (each keeps its own
        SLA clock and outcome), its reporter told with ``note`` and asked to
        verify."""
        self._hypercare_check_staff()
        now = fields.Datetime.now()
        for issue in self:
            if issue.state == "cancelled":
                raise UserError(
                    self.env._(
                        "Known issue %(name)s is cancelled: it cannot be fixed.",
                        name=issue.name,
                    )
                )
            vals = {"state": "fixed", "date_fixed": now}
            if note and not is_html_empty(note):
                vals["fix_note"] = note
            # its reports are resolved below: the board is settled after
            issue.with_context(hypercare_board_deferred=True).write(vals)
            body = issue._hypercare_fix_body(note)
            fixed = 0
            for tickets in issue._hypercare_open_tickets():
                # no tracking message nor stage e-mail per ticket: the known
                # issue's note below tells each reporter, in one batch
                tickets.with_context(
                    **QUIET, hypercare_known_issue_fix=True
                )._hypercare_resolve()
                resolved = tickets.filtered(lambda t: t.hypercare_state == "done")
                resolved._hypercare_tell_reporters(dict.fromkeys(resolved.ids, body))
                fixed += len(resolved)
            issue._hypercare_board_refresh()
            issue.message_post(
                body=escape(self.env._("Fixed: %(count)s tickets resolved."))
                % {"count": fixed},
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _hypercare_fix_body(self, note):
        self.ensure_one()
        days = self.charter_id.reopen_days
        parts = [
            Markup("<p>%s</p>")
            % self.env._("Known issue %(name)s is fixed.", name=self.name)
        ]
        if note and not is_html_empty(note):
            parts.append(Markup(note) if isinstance(note, Markup) else escape(note))
        parts.append(
            Markup("<p>%s</p>")
            % self.env._(
                "Please check that it works for you and press It works in My "
                "issues, or reopen your issue within %(days)s day(s).",
                days=days,
            )
        )
        return Markup("").join(parts)

    def action_cancel(self):
        self._hypercare_check_staff()
        self.write({"state": "cancelled"})
        return True

    def action_reset(self):
        self._hypercare_check_staff()
        self.write({"state": "investigating", "date_fixed": False})
        return True

    def action_view_tickets(self):
        """The linked tickets, in the carrier of the charter."""
        self.ensure_one()
        model = self.charter_id._hypercare_carrier_model()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            model._hypercare_action_xmlid
        )
        action.update(
            {
                "name": self.env._("Reports of %(name)s", name=self.name),
                "domain": [("hypercare_known_issue_id", "=", self.id)],
                "context": {"create": False},
            }
        )
        return action

    # ------------------------------------------------------------------
    # The board
    # ------------------------------------------------------------------

    def _hypercare_linked_tickets(self):
        """Every ticket linked to these known issues, per carrier (sudo)."""
        Charter = self.env["hypercare.charter"]
        return [
            found
            for model_name in Charter._hypercare_ticket_models()
            if (
                found := self.env[model_name]
                .sudo()
                .search([("hypercare_known_issue_id", "in", self.ids)])
            )
        ]

    def _hypercare_board_refresh(self):
        """A known issue that closes (or opens again) shows its reports as
        cards of their own (or one card again) on every carrier's board."""
        for model_name in self.env["hypercare.charter"]._hypercare_ticket_models():
            self.env[model_name]._hypercare_ki_collapse_sql(self.ids, [])

    # ------------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------------

    @api.model
    def _hypercare_suggest(self, title, charter, limit=SUGGESTION_LIMIT):
        """Open known issues of ``charter`` whose name is like ``title``:
        PostgreSQL trigram similarity (``%`` with the trigram index of the
        name) where pg_trgm is there, else a case-insensitive match of the
        title's words."""
        title = (title or "").strip()
        if not (title and charter) or len(title) < 3:
            return self.browse()
        base = SQL(
            "charter_id = %s AND state IN %s",
            charter.id,
            OPEN_KNOWN_ISSUE_STATES,
        )
        self.flush_model(["name", "charter_id", "state"])
        if has_trigram(self.env.cr):
            rows = self.env.execute_query(
                SQL(
                    "SELECT id FROM hypercare_known_issue WHERE %s "
                    "AND similarity(name, %s) > %s "
                    "ORDER BY similarity(name, %s) DESC, id DESC LIMIT %s",
                    base,
                    title,
                    SIMILARITY_MIN,
                    title,
                    limit,
                )
            )
            ids = [row[0] for row in rows]
        else:
            words = [w for w in title.split() if len(w) >= 4][:5] or [title]
            ids = (
                self.sudo()
                .search(
                    [
                        ("charter_id", "=", charter.id),
                        ("state", "in", OPEN_KNOWN_ISSUE_STATES),
                        *(["|"] * len(words)),
                        ("name", "ilike", title),
                        *[("name", "ilike", word) for word in words],
                    ],
                    limit=limit,
                )
                .ids
            )
        # the caller's rules still apply (company, read)
        return self.browse(ids)._filtered_access("read")
