from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .hypercare_ticket_mixin import OPEN_STATES
from .hypercare_ticket_sla import CLOCK_FIELDS, STATUS_FIELDS


class HypercareTicketMixin(models.AbstractModel):
    """Recompute of open tickets after an edit of what their clocks depend on
    (severity matrix, calendar, a stage's "Pauses SLA" flag): a first batch in
    the editing request, the rest left stale to the SLA scan."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    # open tickets recomputed in the request that edits what their clocks
    # depend on; the scan, triggered at once, does the rest in committed batches
    _sla_refresh_batch = 1000

    def _sla_recompute_running(self):
        """Mark the deadlines of the clocks still running of these open
        tickets for recompute, and their statuses and next check; a clock that
        stopped keeps its deadline and outcome."""
        open_tickets = self.filtered(lambda t: t.hypercare_state in OPEN_STATES)
        for clock, event in (
            ("response", "date_acknowledged"),
            ("resolution", "date_resolved"),
        ):
            running = open_tickets.filtered(lambda t, e=event: not t[e])
            for fname in CLOCK_FIELDS[clock][:2]:
                self.env.add_to_compute(self._fields[fname], running)
        for fname in (*STATUS_FIELDS, "sla_next_check"):
            self.env.add_to_compute(self._fields[fname], self)

    def _sla_refresh(self):
        """Bring these tickets in line with what their clocks depend on today:
        the state their stage gives them (a pause starts or ends, as of the
        edit that left them stale), then the running clocks' deadlines, the
        statuses and the next check."""
        tickets = self.filtered("hypercare_charter_id")
        open_tickets = tickets.filtered(lambda t: t.hypercare_state in OPEN_STATES)
        before = {ticket.id: ticket.hypercare_state for ticket in open_tickets}
        self.env.add_to_compute(self._fields["hypercare_state"], open_tickets)
        open_tickets._recompute_recordset(["hypercare_state"])
        moved = open_tickets.filtered(lambda t: t.hypercare_state != before[t.id])
        if moved:
            moved.modified(["hypercare_state"])
            for since, group in moved.grouped("sla_stale_since").items():
                group._hypercare_after_state_change(before, at=since or None)
        tickets._sla_recompute_running()
        stale = self.filtered("sla_stale_since")
        if stale:
            stale.sudo().write({"sla_stale_since": False})
        self.flush_recordset()

    @api.model
    def _sla_refresh_open(self, domain):
        """Recompute the running clocks of the open tickets matching
        ``domain``, after an edit of what they depend on (severity matrix,
        calendar, a stage's flag): the first ``_sla_refresh_batch`` in this
        request, the others marked stale (due at once) for the scan, which is
        triggered now and finishes the job in committed batches; a run cut
        short leaves them stale, the next one goes on. Closed tickets are
        never touched. Returns the number of tickets recomputed now."""
        tickets = self.sudo().search(
            Domain(domain) & Domain("hypercare_is_open", "=", True), order="id"
        )
        if not tickets:
            return 0
        first = tickets[: self._sla_refresh_batch]
        rest = tickets - first
        if rest:
            rest._sla_mark_stale(fields.Datetime.now())
        first._sla_refresh()
        return len(first)

    def _sla_mark_stale(self, since):
        """Leave these tickets' recompute to the scan: stale since ``since``
        and due now (set-based: no ORM write per ticket)."""
        fnames = ["sla_stale_since", "sla_next_check"]
        self.flush_recordset(fnames)
        self.env.execute_query(
            SQL(
                "UPDATE %s SET sla_stale_since = LEAST(sla_stale_since, %s), "
                "sla_next_check = LEAST(sla_next_check, %s) WHERE id = ANY(%s)",
                SQL.identifier(self._table),
                since,
                since,
                self.ids,
            )
        )
        self.invalidate_recordset(fnames)
        cron = self.env.ref("hypercare_support.ir_cron_sla_scan", False)
        if cron:
            cron.sudo()._trigger()
