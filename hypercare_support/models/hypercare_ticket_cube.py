from odoo import api, models, tools
from odoo.tools import SQL

# The ticket figures of every charter, kept up to date by PostgreSQL triggers
# on each carrier's table: what the dashboard and the exit gate would
# otherwise read from every ticket of the charter on each request (a scan of
# 100 000 rows), added up by week. Each ticket counts once in a few "facts"
# (below); a statement that changes tickets appends its difference (+1 for the
# new rows, -1 for the old ones) as rows of the table, without updating a
# shared row (no lock between two people saving tickets), and
# ``_hypercare_cube_compact`` adds the rows up from time to time. Readers sum
# the rows of their charter. Nothing here depends on the time: what does
# (a clock past its deadline this week, tickets new since the stand-up) is
# read from the tickets of the current week (``hypercare.ticket.report``).
CUBE_TABLE = "hypercare_ticket_cube"
CUBE_COLUMNS = "carrier, charter_id, fact, lvl, k1, k2, k3, d1, d2"

# clock facts: fact name -> (deadline column, column of the event that stops it)
CUBE_CLOCKS = {
    "response": ("response_deadline", "date_acknowledged"),
    "resolution": ("resolution_deadline", "date_resolved"),
    "bau_response": ("bau_response_deadline", "date_acknowledged"),
    "bau_resolution": ("bau_resolution_deadline", "date_resolved"),
}
# the columns only the ``open`` fact reads: an update that changes none but
# these changes that fact alone (the SLA scan's status marks)
CUBE_OPEN_COLUMNS = ("sla_status", "hypercare_known_issue_id", "hypercare_layer_since")
# the carrier columns the facts read: an update that changes none of them
# changes no figure
CUBE_SOURCE_COLUMNS = (
    "hypercare_charter_id",
    "severity_level",
    "issue_type",
    "support_layer",
    "hypercare_state",
    "hypercare_is_open",
    "sla_status",
    "hypercare_known_issue_id",
    "date_reported",
    "date_acknowledged",
    "date_resolved",
    "date_first_resolved",
    "hypercare_reopen_count",
    "hypercare_layer_since",
    "sla_pause_start",
    "response_deadline",
    "resolution_deadline",
    "bau_response_deadline",
    "bau_resolution_deadline",
)


def drop_cube_triggers(cr, table=None):
    """Drop the cube's triggers and their functions from ``table`` (else from
    every table): an uninstall leaves the carriers' tables without them."""
    cr.execute(
        """SELECT tgrelid::regclass::text, tgname FROM pg_trigger
            WHERE tgname LIKE %s AND NOT tgisinternal""",
        [f"{table or '%'}_hypercare_cube_%"],
    )
    for relation, trigger in cr.fetchall():
        cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON %s",
                SQL.identifier(trigger),
                SQL.identifier(relation),
            )
        )
        cr.execute(
            SQL(
                "DROP FUNCTION IF EXISTS %s() CASCADE",
                SQL.identifier(f"{relation}_hypercare_cube"),
            )
        )


def _week(column):
    """SQL: the Monday (in the charter's time zone ``tz.name``) of the week
    holding the UTC timestamp ``t.column``."""
    return (
        f"(date_trunc('week', (t.{column} AT TIME ZONE 'UTC') "
        f"AT TIME ZONE tz.name))::date"
    )


def _clock_class(deadline, done):
    """SQL: the outcome of a clock whatever the time: ``met`` (its event came
    in time), ``late`` (its event came late, or it was paused past its
    deadline), ``run`` (running: missed once its deadline is past), NULL when
    it can never fall due (paused before its deadline)."""
    return f"""CASE WHEN t.{done} IS NOT NULL AND t.{done} <= t.{deadline} THEN 'met'
         WHEN t.{done} IS NOT NULL THEN 'late'
         WHEN t.hypercare_state = 'paused' AND t.sla_pause_start IS NOT NULL THEN
              CASE WHEN t.{deadline} < t.sla_pause_start THEN 'late' END
         ELSE 'run' END"""


def cube_facts_sql(relation, carrier, sign, open_only=False):
    """SQL (text) of the facts of the tickets of ``relation`` (rows of a
    carrier's table), each counted ``sign`` (1 or -1): rows of
    ``CUBE_COLUMNS, n, s``.

    - ``open``: open tickets by level, layer (none: L1), SLA status and, for
      the critical and high ones, known issue; ``s`` sums the epoch of the
      start of their stay at their layer;
    - ``rep``: tickets by level, kept (not cancelled: ``k``), how-to (``h``)
      and week reported;
    - ``res``: kept resolved tickets by L1 and week resolved;
    - ``burn``: tickets by level, open (``o``), week reported and resolved;
    - one fact per clock (``CUBE_CLOCKS``) of the kept tickets: by outcome
      (``_clock_class``) and week of its deadline;
    - ``sla``: the kept critical and high tickets' resolution as the exit gate
      counts it: resolved in time (``dm``) or late (``dl``), open past a
      deadline it was paused after (``op``), open and running (``or``, by
      week of its deadline);
    - ``fres``: kept tickets by week first resolved and reopened (``r``).

    ``open_only``: the ``open`` fact alone (a change of the columns only it
    reads: ``CUBE_OPEN_COLUMNS``)."""
    kept = "t.hypercare_state IS DISTINCT FROM 'cancelled'"
    # each week once per ticket (a time zone conversion is the costly part)
    weeks = ", ".join(
        f"{_week(column)} AS {name}"
        for name, column in [
            ("reported", "date_reported"),
            ("resolved", "date_resolved"),
            ("first_resolved", "date_first_resolved"),
            *((name, deadline) for name, (deadline, _done) in CUBE_CLOCKS.items()),
        ]
    )
    clocks = "".join(
        f""",
        ('{name}', '', {_clock_class(deadline, done)}, '', 0,
         w.{name}, NULL::date, 0::numeric,
         {kept} AND t.{deadline} IS NOT NULL)"""
        for name, (deadline, done) in CUBE_CLOCKS.items()
    )
    open_row = """        ('open', COALESCE(t.severity_level, ''),
         COALESCE(t.support_layer, 'l1'), COALESCE(t.sla_status, ''),
         CASE WHEN t.severity_level IN ('critical', 'high')
              THEN COALESCE(t.hypercare_known_issue_id, 0) ELSE 0 END,
         NULL::date, NULL::date,
         COALESCE(extract(epoch FROM COALESCE(t.hypercare_layer_since,
                                             t.date_reported)), 0),
         t.hypercare_is_open IS TRUE)"""
    others = (
        ""
        if open_only
        else f""",
        ('rep', COALESCE(t.severity_level, ''),
         CASE WHEN {kept} THEN 'k' ELSE '' END,
         CASE WHEN t.issue_type = 'how_to' THEN 'h' ELSE '' END, 0,
         w.reported, NULL::date, 0::numeric,
         t.date_reported IS NOT NULL),
        ('res', '', CASE WHEN COALESCE(t.support_layer, 'l1') = 'l1'
                         THEN 'l1' ELSE '' END, '', 0,
         w.resolved, NULL::date, 0::numeric,
         {kept} AND t.hypercare_state = 'done' AND t.date_resolved IS NOT NULL),
        ('burn', COALESCE(t.severity_level, ''),
         CASE WHEN t.hypercare_is_open THEN 'o' ELSE '' END, '', 0,
         w.reported, w.resolved, 0::numeric,
         t.date_reported IS NOT NULL AND t.severity_level IS NOT NULL){clocks},
        ('sla', t.severity_level,
         CASE WHEN t.hypercare_state = 'done' AND t.date_resolved IS NOT NULL THEN
                   CASE WHEN t.date_resolved <= t.resolution_deadline
                        THEN 'dm' ELSE 'dl' END
              WHEN t.hypercare_is_open AND t.resolution_deadline IS NOT NULL THEN
                   CASE WHEN t.hypercare_state = 'paused'
                             AND t.sla_pause_start IS NOT NULL THEN
                             CASE WHEN t.resolution_deadline < t.sla_pause_start
                                  THEN 'op' END
                        ELSE 'or' END
         END, '', 0,
         CASE WHEN t.hypercare_is_open THEN w.resolution END,
         NULL::date, 0::numeric,
         {kept} AND t.severity_level IN ('critical', 'high')),
        ('fres', '', CASE WHEN t.hypercare_reopen_count > 0 THEN 'r' ELSE '' END,
         '', 0, w.first_resolved, NULL::date, 0::numeric,
         {kept} AND t.date_first_resolved IS NOT NULL)"""
    )
    lateral = (
        "" if open_only else f" CROSS JOIN LATERAL (SELECT {weeks} OFFSET 0) AS w\n"
    )
    return f"""
SELECT '{carrier}'::varchar AS carrier, t.hypercare_charter_id AS charter_id,
       f.fact, f.lvl, f.k1, f.k2, f.k3, f.d1, f.d2,
       {sign}::int8 AS n, {sign} * f.s AS s
  FROM {relation} AS t
  JOIN hypercare_charter AS c ON c.id = t.hypercare_charter_id
  LEFT JOIN res_company AS co ON co.id = c.company_id
  LEFT JOIN resource_calendar AS cal
         ON cal.id = COALESCE(c.calendar_id, co.resource_calendar_id)
 CROSS JOIN LATERAL (SELECT COALESCE(NULLIF(cal.tz, ''), 'UTC') AS name) AS tz
{lateral} CROSS JOIN LATERAL (VALUES
{open_row}{others}
      ) AS f(fact, lvl, k1, k2, k3, d1, d2, s, applies)
 WHERE t.hypercare_charter_id IS NOT NULL AND f.applies AND f.k1 IS NOT NULL"""


class HypercareTicketMixin(models.AbstractModel):
    """The triggers that keep ``hypercare_ticket_cube`` current on the
    carrier's table."""

    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the current week's clocks and new tickets are read from the tickets
    # (``hypercare.ticket.report._cube_live_groups``): a range of each index
    _hypercare_response_due_idx = models.Index(
        "(hypercare_charter_id, response_deadline) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )
    _hypercare_resolution_due_idx = models.Index(
        "(hypercare_charter_id, resolution_deadline) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )
    _hypercare_bau_response_due_idx = models.Index(
        "(hypercare_charter_id, bau_response_deadline) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )
    _hypercare_bau_resolution_due_idx = models.Index(
        "(hypercare_charter_id, bau_resolution_deadline) "
        "WHERE hypercare_charter_id IS NOT NULL"
    )

    def init(self):
        super().init()
        if self._abstract or not self._auto:
            return
        self.env["hypercare.ticket.report"]._cube_create_table()
        table = self._table
        function = f"{table}_hypercare_cube"
        changed = " OR ".join(
            f"o.{col} IS DISTINCT FROM w.{col}" for col in CUBE_SOURCE_COLUMNS
        )
        others_changed = " OR ".join(
            f"o.{col} IS DISTINCT FROM w.{col}"
            for col in CUBE_SOURCE_COLUMNS
            if col not in CUBE_OPEN_COLUMNS
        )

        def facts(rows, every_fact, sign):
            """The facts of the changed ``rows`` (each fact, or the ``open``
            one alone)."""
            relation = (
                f"(SELECT r.* FROM {rows} AS r JOIN changed AS ch ON ch.id = r.id "
                f"WHERE {'' if every_fact else 'NOT '}ch.every_fact)"
            )
            return cube_facts_sql(relation, table, sign, open_only=not every_fact)

        insert = f"INSERT INTO {CUBE_TABLE} ({CUBE_COLUMNS}, n, s)"
        group = f"GROUP BY {CUBE_COLUMNS}"
        self.env.cr.execute(
            SQL(
                f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM new_rows WHERE hypercare_charter_id IS NOT NULL)
        THEN RETURN NULL; END IF;
        {insert}
        SELECT {CUBE_COLUMNS}, sum(n), sum(s)
          FROM ({cube_facts_sql("new_rows", table, 1)}) AS x {group};
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows WHERE hypercare_charter_id IS NOT NULL)
        THEN RETURN NULL; END IF;
        {insert}
        SELECT {CUBE_COLUMNS}, sum(n), sum(s)
          FROM ({cube_facts_sql("old_rows", table, -1)}) AS x {group};
    ELSE
        -- most updates of a ticket change no figure (a note, a follower, an
        -- SLA mark): a small query tells, before the facts are planned. A
        -- count, not EXISTS: EXISTS is planned for an early match (a nested
        -- loop over the two transition tables), which an update that changes
        -- nothing never gives: 1 000 rows took 380 ms instead of 2.
        IF (SELECT count(*) FROM old_rows AS o JOIN new_rows AS w ON w.id = o.id
             WHERE (o.hypercare_charter_id IS NOT NULL
                    OR w.hypercare_charter_id IS NOT NULL) AND ({changed})) = 0
        THEN RETURN NULL; END IF;
        WITH changed AS (
            SELECT o.id, ({others_changed}) AS every_fact
              FROM old_rows AS o JOIN new_rows AS w ON w.id = o.id
             WHERE (o.hypercare_charter_id IS NOT NULL
                    OR w.hypercare_charter_id IS NOT NULL) AND ({changed})
        )
        {insert}
        SELECT {CUBE_COLUMNS}, sum(n), sum(s) FROM (
            {facts("new_rows", True, 1)}
            UNION ALL
            {facts("old_rows", True, -1)}
            UNION ALL
            {facts("new_rows", False, 1)}
            UNION ALL
            {facts("old_rows", False, -1)}
        ) AS x {group}
        HAVING sum(n) <> 0 OR sum(s) <> 0;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS {table}_hypercare_cube_ins ON {table};
DROP TRIGGER IF EXISTS {table}_hypercare_cube_upd ON {table};
DROP TRIGGER IF EXISTS {table}_hypercare_cube_del ON {table};
CREATE TRIGGER {table}_hypercare_cube_ins AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_hypercare_cube_upd AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_hypercare_cube_del AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""
            )
        )
        # on install, the charter's table may come later (it has no tickets)
        if tools.sql.table_exists(self.env.cr, "hypercare_charter"):
            self._hypercare_cube_rebuild()

    @api.model
    def _hypercare_cube_rebuild(self, charter_ids=None):
        """Count this carrier's tickets into the cube again (of ``charter_ids``,
        else of every charter): after an install or an update, and when a
        charter's time zone (its weeks) changes."""
        table = self._table
        where = ""
        params = [table]
        if charter_ids is not None:
            where = " AND t.hypercare_charter_id = ANY(%s)"
            params.append(list(charter_ids))
        self.env.cr.execute(
            f"DELETE FROM {CUBE_TABLE} WHERE carrier = %s"
            + (" AND charter_id = ANY(%s)" if charter_ids is not None else ""),
            params,
        )
        rows = f"(SELECT * FROM {table} AS t WHERE TRUE{where})"
        self.env.cr.execute(
            f"""INSERT INTO {CUBE_TABLE} ({CUBE_COLUMNS}, n, s)
                SELECT {CUBE_COLUMNS}, sum(n), sum(s)
                  FROM ({cube_facts_sql(rows, table, 1)}) AS x
                 GROUP BY {CUBE_COLUMNS}""",
            params[1:],
        )
