from odoo import api, models
from odoo.tools import SQL

# column of hypercare.ticket.report -> field of the ticket mixin it copies
REPORT_FIELDS = {
    "charter_id": "hypercare_charter_id",
    "severity_id": "severity_id",
    "severity_level": "severity_level",
    "issue_type": "issue_type",
    "business_function": "business_function",
    "support_layer": "support_layer",
    "triage_decision": "triage_decision",
    "state": "hypercare_state",
    "is_open": "hypercare_is_open",
    "date_reported": "date_reported",
    "date_acknowledged": "date_acknowledged",
    "date_resolved": "date_resolved",
    "response_deadline": "response_deadline",
    "resolution_deadline": "resolution_deadline",
    "bau_response_deadline": "bau_response_deadline",
    "bau_resolution_deadline": "bau_resolution_deadline",
    "sla_pause_start": "sla_pause_start",
    "sla_response_status": "sla_response_status",
    "sla_resolution_status": "sla_resolution_status",
    "sla_status": "sla_status",
    "sla_breached": "sla_breached",
    "known_issue_id": "hypercare_known_issue_id",
    "date_first_resolved": "date_first_resolved",
    "reopen_count": "hypercare_reopen_count",
    "layer_since": "hypercare_layer_since",
}


class HypercareTicketMixin(models.AbstractModel):
    """The carrier's branch of ``hypercare.ticket.report``."""

    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # each scope user's latest ticket of the charter (the adoption's business
    # function, _hypercare_reporter_function_sql): without it a user who has
    # reported nothing costs a scan of every ticket of the charter (go-live
    # load test: 150 users in scope, 10 000 tickets, 3.6 s per dashboard)
    _hypercare_reporter_latest_idx = models.Index(
        "(hypercare_reporter_id, hypercare_charter_id, date_reported DESC)"
        " WHERE hypercare_reporter_id IS NOT NULL"
    )

    @api.model
    def _hypercare_report_select(self):
        """SELECT of this carrier's rows with the columns of
        ``hypercare.ticket.report`` (``id`` aside: the report numbers the rows
        and keeps those of a charter). No WHERE clause, so that PostgreSQL
        flattens the report's UNION ALL: its filters then reach this table and
        its indexes (the charter's filter, the exit gate's covering index),
        and the columns a query does not read are not computed."""
        alias = self._table
        columns = [
            SQL("%s::varchar AS res_model", self._name),
            SQL("%s::int4 AS res_model_id", self.env["ir.model"]._get_id(self._name)),
            SQL("%s AS res_id", SQL.identifier(alias, "id")),
            SQL("%s AS company_id", self._hypercare_report_company(alias)),
            SQL("%s AS user_id", self._hypercare_report_owner(alias)),
        ]
        columns += [
            SQL("%s AS %s", self._field_to_sql(alias, fname), SQL.identifier(column))
            for column, fname in REPORT_FIELDS.items()
        ]
        return SQL("SELECT %s FROM %s", SQL(", ").join(columns), SQL.identifier(alias))

    @api.model
    def _hypercare_reporter_function_sql(self, charter, user):
        """SQL: ``(function, date_reported)`` of the latest ticket of this
        carrier that ``user`` reported on ``charter`` (SQL ids) with a
        business function; no row when there is none."""
        table = SQL.identifier(self._table)
        return SQL(
            """SELECT ticket.business_function AS function, ticket.date_reported
                 FROM %(table)s AS ticket
                WHERE ticket.hypercare_charter_id = %(charter)s
                  AND ticket.hypercare_reporter_id = %(user)s
                  AND ticket.business_function IS NOT NULL
                ORDER BY ticket.date_reported DESC LIMIT 1""",
            table=table,
            charter=charter,
            user=user,
        )

    @api.model
    def _hypercare_report_column(self, alias, fname):
        """A stored many2one of the carrier, NULL when it has none."""
        field = self._fields.get(fname)
        if field and field.store and field.type == "many2one":
            return self._field_to_sql(alias, fname)
        return SQL("NULL::int4")

    @api.model
    def _hypercare_report_company(self, alias):
        """The carrier's company, else the charter's."""
        if "company_id" in self._fields:
            return self._hypercare_report_column(alias, "company_id")
        return SQL(
            "(SELECT charter.company_id FROM hypercare_charter AS charter "
            "WHERE charter.id = %s)",
            self._field_to_sql(alias, "hypercare_charter_id"),
            to_flush=self.env["hypercare.charter"]._fields["company_id"],
        )

    @api.model
    def _hypercare_report_owner(self, alias):
        """The owner: the carrier's ``user_id``, else the first (lowest id)
        of its ``user_ids``."""
        field = self._fields.get("user_ids")
        if "user_id" in self._fields or not (
            field and field.store and field.type == "many2many"
        ):
            return self._hypercare_report_column(alias, "user_id")
        return SQL(
            "(SELECT min(rel.%s) FROM %s AS rel WHERE rel.%s = %s)",
            SQL.identifier(field.column2),
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
            SQL.identifier(alias, "id"),
            to_flush=field,
        )
