import logging
from collections import defaultdict

from markupsafe import Markup, escape
from psycopg2 import errors as pg_errors
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import get_lang

from .hypercare_ticket_mixin import (
    CLOCKS,
    ESCALATED_LEVELS,
    NEXT_LAYER,
    SCAN_BATCH,
    STATUS_RANK,
)

_logger = logging.getLogger(__name__)


class HypercareTicketMixin(models.AbstractModel):
    """The scheduled SLA scan of hypercare tickets and its notifications."""

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    sla_digest_pending = fields.Boolean(
        copy=False,
        readonly=True,
        help="A breach the scan noted that its incident lead's digest has not "
        "listed yet: the digest goes once per run, after its last batch.",
    )

    _sla_digest_pending_idx = models.Index(
        "(hypercare_charter_id) WHERE sla_digest_pending"
    )

    @api.model
    def _sla_scan(self, batch_size=SCAN_BATCH):
        """Flag tickets whose clocks moved to at risk or failed and notify each
        transition once. Cost follows the tickets due (``sla_next_check`` is
        indexed), not the open ones. In a cron run each batch is committed;
        rows locked by a concurrent scan or an edit are skipped and picked up
        by the next run, and a run cut short by its time limit reports the
        tickets still due, so that the scheduler runs it again at once. Tickets
        an edit left stale (``_sla_refresh_open``) are due: the scan recomputes
        them first. Returns the number of tickets processed."""
        now = fields.Datetime.now()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        seen = set()
        done = 0
        while True:
            self.env.flush_all()
            try:
                # a savepoint, not a rollback: outside a cron run the scan
                # shares its caller's transaction, whose work must survive
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        f"""SELECT id FROM "{self._table}"
                             WHERE sla_next_check <= %s
                               AND NOT (id = ANY(%s))
                          ORDER BY sla_next_check
                             LIMIT %s
                        FOR UPDATE SKIP LOCKED""",  # noqa: S608 (table name of the model)
                        (now, list(seen), batch_size),
                        log_exceptions=False,
                    )
                    ids = [row[0] for row in self.env.cr.fetchall()]
            except pg_errors.SerializationFailure:
                # a concurrent scan committed these rows after our snapshot:
                # they are done; whatever is left is picked up by the next run
                _logger.info("SLA scan on %s: concurrent update, stopping", self._name)
                break
            if not ids:
                break
            seen.update(ids)
            self.browse(ids)._sla_scan_process_safe(now)
            done += len(ids)
            if in_cron:
                if not self.env["ir.cron"]._commit_progress(len(ids)):
                    self._sla_scan_report_left(now, seen)
                    break
        self._sla_send_digests()
        return done

    @api.model
    def _sla_send_digests(self):
        """One digest per charter and run, however many batches flagged its
        breaches: the batches mark them (committed with their notes), the run
        lists them here and clears the marks. A run that stopped before this
        leaves them marked, and the next run sends them: none lost, none
        twice (rows a concurrent run holds are skipped)."""
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    f"""SELECT id FROM "{self._table}"
                         WHERE sla_digest_pending
                      ORDER BY id
                    FOR UPDATE SKIP LOCKED""",  # noqa: S608 (table name of the model)
                    log_exceptions=False,
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except pg_errors.SerializationFailure:
            return
        if not ids:
            return
        tickets = self.browse(ids)
        by_charter = defaultdict(lambda: self.browse())
        for ticket in tickets:
            by_charter[ticket.hypercare_charter_id] |= ticket
        for charter, breached in by_charter.items():
            if charter and charter.state != "closed":
                charter.with_context(
                    mail_notify_force_send=False
                )._hypercare_breach_digest(breached)
        # engine bookkeeping, as the marks were written with the notified ones
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET sla_digest_pending = FALSE WHERE id = ANY(%s)",
                SQL.identifier(self._table),
                ids,
            )
        )
        tickets.invalidate_recordset(["sla_digest_pending"])
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress()

    @api.model
    def _sla_scan_report_left(self, now, seen):
        """Out of time: tell the scheduler how many tickets are still due, so
        that it runs the scan again at once instead of in five minutes."""
        [(left,)] = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM %s "
                "WHERE sla_next_check <= %s AND NOT (id = ANY(%s))",
                SQL.identifier(self._table),
                now,
                list(seen),
            )
        )
        if left:
            self.env["ir.cron"]._commit_progress(remaining=left)

    def _sla_scan_process_safe(self, now):
        """Process a batch in a savepoint; should it fail, split it in halves
        until the failing tickets are isolated, then skip (and log) those, so
        that one bad ticket neither blocks the others nor half-notifies: it
        stays due and is tried again by the next run."""
        try:
            with self.env.cr.savepoint():
                self._sla_scan_process(now)
            return
        except Exception:  # noqa: BLE001 (isolated below)
            if len(self) == 1:
                _logger.exception(
                    "SLA scan: %s %s skipped, it will be tried again",
                    self._name,
                    self.id,
                )
                return
        half = len(self) // 2
        self[:half]._sla_scan_process_safe(now)
        self[half:]._sla_scan_process_safe(now)

    def _sla_scan_process(self, now):
        """Recompute the statuses of due tickets, notify new transitions.

        The tickets of a closed charter are quiet: their statuses still move
        (lists and reports stay true) and their notified marks follow, but no
        note, activity, escalation or digest is sent for them any more."""
        stale = self.filtered("sla_stale_since")
        if stale:
            stale._sla_refresh()
        status_fields = [
            self._fields[fname]
            for fname in (
                "sla_response_status",
                "sla_resolution_status",
                "sla_status",
                "sla_breached",
                "sla_next_deadline",
            )
        ]
        self.env.add_to_compute(status_fields[0], self)
        for field in status_fields[1:]:
            self.env.add_to_compute(field, self)
        self._recompute_recordset([f.name for f in status_fields])
        transitions = defaultdict(list)  # ticket -> [(clock, status)]
        notified_vals = defaultdict(lambda: self.browse())
        for ticket in self:
            vals = {}
            for clock in CLOCKS:
                status = ticket[f"sla_{clock}_status"]
                notified = ticket[f"sla_{clock}_notified"]
                if status not in STATUS_RANK or status == notified:
                    continue
                if (
                    STATUS_RANK[status] > STATUS_RANK.get(notified, 0)
                    and ticket.hypercare_charter_id.state != "closed"
                ):
                    transitions[ticket].append((clock, status))
                    if status == "failed":
                        # listed in the run's one digest (_sla_send_digests)
                        vals["sla_digest_pending"] = True
                vals[f"sla_{clock}_notified"] = status
            if vals:
                notified_vals[tuple(sorted(vals.items()))] |= ticket
        for key, tickets in notified_vals.items():
            # engine bookkeeping: no tracking snapshot (it would turn the
            # escalation below into one tracking message per ticket)
            tickets.with_context(mail_notrack=True).write(dict(key))
        if transitions:
            self._sla_notify(transitions)
        # whatever needs no notification still has to move its next check on
        self.env.add_to_compute(self._fields["sla_next_check"], self)
        self.flush_recordset()

    def _sla_notify(self, transitions):
        """One note and one activity per transition, escalation of breached
        P1/P2 tickets, and the breaches marked for the run's digest."""
        labels = dict(self._fields["sla_status"]._description_selection(self.env))
        clock_labels = {
            "response": self.env._("response"),
            "resolution": self.env._("resolution"),
        }
        # the notes are read by the team: the go-live's time zone (its
        # calendar's) in the language's date and time format, not UTC
        lang = get_lang(self.env)
        time_format = f"{lang.date_format} {lang.time_format}"

        def local_time(ticket, value):
            tz = timezone(ticket.hypercare_charter_id._get_calendar().tz or "UTC")
            return utc.localize(value).astimezone(tz).strftime(time_format)

        bodies = {}
        activities = defaultdict(list)  # per charter, see below
        escalate = defaultdict(lambda: self.browse())
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id(self._name)
        for ticket, moves in transitions.items():
            lines = []
            for clock, status in moves:
                deadline = ticket[f"{clock}_deadline"]
                lines.append(
                    escape(
                        self.env._(
                            "SLA %(clock)s is now %(status)s (deadline %(deadline)s)."
                        )
                    )
                    % {
                        "clock": clock_labels[clock],
                        "status": labels[status],
                        "deadline": local_time(ticket, deadline),
                    }
                )
            failed = any(status == "failed" for _clock, status in moves)
            # no layer yet: the ticket is at L1, as for a manual escalation
            layer = ticket.support_layer or "l1"
            if (
                failed
                and ticket.severity_level in ESCALATED_LEVELS
                and layer in NEXT_LAYER
            ):
                new_layer = NEXT_LAYER[layer]
                escalate[new_layer] |= ticket
                lines.append(
                    escape(self.env._("Escalated automatically to %(layer)s."))
                    % {"layer": new_layer.upper()}
                )
            bodies[ticket.id] = Markup("<br/>").join(lines)
            charter = ticket.hypercare_charter_id
            owner = ticket._hypercare_owner() or charter.incident_lead_id
            if owner and todo:
                # the chatter note carries the details: no HTML note to sanitise
                activities[charter].append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        # what mail.activity would compute after the insert,
                        # one UPDATE per activity
                        "res_name": ticket.display_name,
                        "activity_type_id": todo.id,
                        "user_id": owner.id,
                        "summary": self.env._("SLA breached")
                        if failed
                        else self.env._("SLA at risk"),
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        # the escalation path of a champion's, with an automatic reason; the
        # note says it already: no tracking message per escalation. The
        # activity goes to the new L3 / L4 owner: that tells them.
        escalated = sum(escalate.values(), self.browse())
        if escalated:
            assigned = escalated._hypercare_escalate(
                self.env._("SLA breached: escalated automatically by the SLA scan."),
                auto=True,
            )
            for charter_activities in activities.values():
                for vals in charter_activities:
                    if vals["res_id"] in assigned:
                        vals["user_id"] = assigned[vals["res_id"]].id
        tickets = self.browse([t.id for t in transitions])
        tickets._message_log_batch(bodies=bodies)
        Activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
        )
        # One create per charter: Odoo's project.task.message_subscribe fails
        # when an activity user follows several projects of one batch.
        for charter_activities in activities.values():
            Activity.create(charter_activities)
