from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .hypercare_known_issue import OPEN_KNOWN_ISSUE_STATES
from .hypercare_ticket_known_issue import HypercareTicketMixin as KnownIssueBase

# the scan's marks of a clock that changed status (at risk, failed)
SLA_NOTIFIED = ("sla_response_notified", "sla_resolution_notified")


class HypercareTicketMixin(models.AbstractModel):
    """A flood reads as one problem on the board: of the open tickets linked to
    one open known issue, one (a breached one first, then its most severe,
    then its first report) is the known issue's card, the others are
    collapsed behind it (the board's default filter hides them, "Show all
    reports" shows them). The flag is kept by one SQL statement per carrier
    over the known issues a change touches: links, states, severities, SLA breaches."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    _hypercare_engine_fields = (
        *KnownIssueBase._hypercare_engine_fields,
        "hypercare_ki_collapsed",
    )
    _hypercare_protected_fields = (
        KnownIssueBase._hypercare_champion_fields + _hypercare_engine_fields
    )

    hypercare_ki_collapsed = fields.Boolean(
        string="Behind Its Known Issue's Card",
        readonly=True,
        copy=False,
        help="An open report of an open known issue that another report "
        "stands for on the board (meaningless once the report is closed).",
    )
    hypercare_known_issue_affected_count = fields.Integer(
        related="hypercare_known_issue_id.affected_user_count",
        string="Known Issue Affected Users",
    )
    hypercare_known_issue_open_count = fields.Integer(
        related="hypercare_known_issue_id.open_ticket_count",
        string="Known Issue Open Reports",
    )

    # the collapsed reports of a known issue (few against the board's rows)
    _hypercare_ki_collapsed_idx = models.Index(
        "(hypercare_known_issue_id) WHERE hypercare_ki_collapsed IS TRUE"
    )

    def _init_column(self, column_name):
        """Tickets linked before the board collapsed floods: collapse them."""
        if column_name != "hypercare_ki_collapsed":
            return super()._init_column(column_name)
        if not (
            table_exists(self.env.cr, "hypercare_known_issue")
            and all(
                column_exists(self.env.cr, self._table, name)
                for name in (
                    "hypercare_known_issue_id",
                    "hypercare_is_open",
                    "hypercare_severity_rank",
                )
            )
        ):
            return None
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT hypercare_known_issue_id FROM %s "
                "WHERE hypercare_known_issue_id IS NOT NULL",
                SQL.identifier(self._table),
            )
        )
        self._hypercare_ki_collapse_sql([row[0] for row in self.env.cr.fetchall()], [])
        return None

    # ------------------------------------------------------------------
    # Hooks of the mixin's write and of the state changes
    # ------------------------------------------------------------------

    def _hypercare_board_before_write(self, vals):
        """The known issues these tickets leave, when ``vals`` relinks them."""
        if "hypercare_known_issue_id" not in vals:
            return []
        return self.sudo().hypercare_known_issue_id.ids

    def _hypercare_board_after_write(self, vals, left):
        """A relink, a new severity or a breach (the scan notes it) may pick
        another card for the known issues involved (those ``left``
        included)."""
        if "hypercare_known_issue_id" in vals:
            self._hypercare_ki_collapse_refresh(left, relinked=True)
        elif {"severity_id", *SLA_NOTIFIED} & set(vals):
            self._hypercare_ki_collapse_refresh()

    def _hypercare_known_issue_after_create(self):
        res = super()._hypercare_known_issue_after_create()
        self._hypercare_ki_collapse_refresh()
        return res

    def _hypercare_after_state_change(self, before, at=None):
        res = super()._hypercare_after_state_change(before, at=at)
        self._hypercare_ki_collapse_refresh()
        return res

    # ------------------------------------------------------------------
    # The collapse
    # ------------------------------------------------------------------

    def _hypercare_ki_collapse_refresh(self, extra_issue_ids=(), relinked=False):
        """Pick the card of the known issues of these tickets (and of
        ``extra_issue_ids``) again; ``relinked`` tickets are recomputed even
        when they left every known issue."""
        linked = self.sudo().filtered("hypercare_known_issue_id")
        issue_ids = set(linked.hypercare_known_issue_id.ids) | set(extra_issue_ids)
        tickets = self if relinked else linked
        if issue_ids or tickets:
            self._hypercare_ki_collapse_sql(sorted(issue_ids), tickets.ids)

    def _hypercare_ki_collapse_sql(self, issue_ids, ticket_ids):
        """One statement: the card of each open known issue of ``issue_ids`` is
        its open ticket of this carrier that breached its SLA (the board's
        Breached filter finds it), then the one with the lowest severity rank,
        then the first reported (lowest id); the others are collapsed. Open tickets of
        ``ticket_ids`` no longer on such a known issue are shown again. Closed
        tickets are left as they are: the board shows them whatever their flag
        (fixing a flood does not rewrite every report twice)."""
        if not (issue_ids or ticket_ids):
            return
        self.env["hypercare.known.issue"].flush_model(["state"])
        self.flush_model(
            [
                "hypercare_known_issue_id",
                "hypercare_is_open",
                "hypercare_severity_rank",
                "sla_breached",
            ]
        )
        table = SQL.identifier(self._table)
        issues = list(issue_ids) or [0]
        collapsed = self.env.execute_query(
            SQL(
                """
                WITH card AS (
                    SELECT DISTINCT ON (t.hypercare_known_issue_id) t.id
                      FROM %(table)s t
                      JOIN hypercare_known_issue k ON k.id = t.hypercare_known_issue_id
                     WHERE t.hypercare_known_issue_id = ANY(%(issues)s)
                       AND t.hypercare_is_open IS TRUE
                       AND k.state IN %(open)s
                     ORDER BY t.hypercare_known_issue_id,
                              t.sla_breached IS TRUE DESC,
                              t.hypercare_severity_rank, t.id
                ), target AS (
                    SELECT t.id,
                           COALESCE(k.state IN %(open)s
                                    AND t.id NOT IN (SELECT id FROM card), FALSE)
                           AS collapsed
                      FROM %(table)s t
                      LEFT JOIN hypercare_known_issue k
                             ON k.id = t.hypercare_known_issue_id
                     WHERE (t.hypercare_known_issue_id = ANY(%(issues)s)
                            OR t.id = ANY(%(tickets)s))
                       AND t.hypercare_is_open IS TRUE
                )
                UPDATE %(table)s t
                   SET hypercare_ki_collapsed = target.collapsed
                  FROM target
                 WHERE t.id = target.id
                   AND COALESCE(t.hypercare_ki_collapsed, FALSE) <> target.collapsed
                RETURNING t.id
                """,
                table=table,
                issues=issues,
                tickets=list(ticket_ids) or [0],
                open=OPEN_KNOWN_ISSUE_STATES,
            )
        )
        if collapsed:
            self.browse([row[0] for row in collapsed]).invalidate_recordset(
                ["hypercare_ki_collapsed"]
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_hypercare_open_known_issue(self):
        """The known issue behind this card (its badge on the board)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hypercare.known.issue",
            "res_id": self.hypercare_known_issue_id.id,
            "views": [(False, "form")],
            "target": "current",
        }
