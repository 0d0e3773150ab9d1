import base64
import calendar as calendar_module
import logging
from datetime import timedelta

from markupsafe import Markup, escape
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

HANDOVER_BATCH = 1000  # open tickets handed over per (committed) batch
RETRY_SECONDS = 10  # a batch undone by a concurrent write is tried again after
HANDOVER_STATES = [
    ("running", "In progress"),
    ("stopped", "Stopped"),
    ("done", "Done"),
]


class HypercareCharter(models.Model):
    """The way out of hypercare: the BAU matrix, the first close planned inside
    the window, and the handover to BAU when the charter closes (tickets to
    the BAU matrix and the BAU contact, in committed batches, then the
    handover report attached to the charter)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    hypercare_severity_ids = fields.One2many(
        "hypercare.severity",
        "charter_id",
        string="Hypercare Matrix",
        domain=[("phase", "=", "hypercare")],
        context={"default_phase": "hypercare"},
    )
    bau_severity_ids = fields.One2many(
        "hypercare.severity",
        "charter_id",
        string="BAU Matrix",
        domain=[("phase", "=", "bau")],
        context={"default_phase": "bau"},
        help="The business-as-usual matrix: the tickets move to it when the "
        "charter closes, and the sustained SLA exit criterion measures against it.",
    )
    bau_matrix_warning = fields.Char(
        compute="_compute_bau_matrix_warning",
        help="BAU rows tighter than the hypercare row of their level.",
    )
    first_close_warning = fields.Char(compute="_compute_first_close_warning")
    handover_state = fields.Selection(
        HANDOVER_STATES,
        readonly=True,
        copy=False,
        help="The handover to BAU of a closed charter: in progress until every "
        "open ticket moved to the BAU matrix and the BAU contact.",
    )
    handover_attachment_id = fields.Many2one(
        "ir.attachment", string="Handover Report", readonly=True, copy=False
    )
    handover_done_count = fields.Integer(
        readonly=True, copy=False, help="Open tickets handed over so far."
    )
    handover_error = fields.Char(
        readonly=True, copy=False, help="Why the last handover run stopped."
    )

    @api.depends(
        "severity_ids.phase",
        "severity_ids.level",
        "severity_ids.response_hours",
        "severity_ids.resolution_hours",
    )
    def _compute_bau_matrix_warning(self):
        for charter in self:
            hypercare = {s.level: s for s in charter.severity_ids if s.phase != "bau"}
            tighter = [
                bau.name
                for bau in charter.severity_ids.filtered(lambda s: s.phase == "bau")
                if (row := hypercare.get(bau.level))
                and (
                    bau.response_hours < row.response_hours
                    or bau.resolution_hours < row.resolution_hours
                )
            ]
            charter.bau_matrix_warning = ", ".join(tighter) or False

    @api.depends("planned_end_date", "first_close_ids.period_end")
    def _compute_first_close_warning(self):
        for charter in self:
            period_end = max(charter.first_close_ids.mapped("period_end") or [None])
            charter.first_close_warning = (
                self.env._(
                    "The planned end (%(end)s) comes before the period end of the "
                    "first close (%(period)s): extend hypercare past it.",
                    end=format_date(self.env, charter.planned_end_date),
                    period=format_date(self.env, period_end),
                )
                if period_end
                and charter.planned_end_date
                and charter.planned_end_date < period_end
                else False
            )

    # ------------------------------------------------------------------
    # The BAU matrix
    # ------------------------------------------------------------------

    def _hypercare_matrix(self):
        """The rows tickets use: the hypercare matrix while the charter runs,
        the BAU one once it is closed (the hypercare one without BAU rows)."""
        self.ensure_one()
        rows = self.severity_ids.sorted("sequence")
        phase = "bau" if self.state == "closed" else "hypercare"
        return (
            rows.filtered(lambda s: s.phase == phase)
            or rows.filtered(lambda s: s.phase != "bau")
            or rows
        )

    def _hypercare_bau_rows(self):
        """{level: BAU severity row} of this charter."""
        self.ensure_one()
        rows = {}
        for severity in self.severity_ids.sorted("sequence"):
            if severity.phase == "bau":
                rows.setdefault(severity.level, severity)
        return rows

    # ------------------------------------------------------------------
    # Go-live: the first close inside the window
    # ------------------------------------------------------------------

    def action_activate(self):
        drafts = self.filtered(lambda c: c.state == "draft")
        res = super().action_activate()
        drafts.filtered(
            lambda c: c.state == "active" and not c.first_close_ids
        )._hypercare_create_first_close()
        return res

    def _hypercare_create_first_close(self):
        """The first close of each charter, from its platform's template: the
        period ending with the month of the go-live."""
        vals_list = []
        for charter in self:
            day = charter.go_live_date
            last = calendar_module.monthrange(day.year, day.month)[1]
            vals_list.append(
                {"charter_id": charter.id, "period_end": day.replace(day=last)}
            )
        return self.env["hypercare.first.close"].sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Closing: the handover to BAU
    # ------------------------------------------------------------------

    def action_close(self, override_reason=None):
        """Close and queue the handover to BAU: the request returns at once,
        the handover job moves the open tickets in committed batches. On a
        closed charter whose handover stopped, queue it again."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("close hypercare"))
        if self.state == "closed" and self.handover_state == "stopped":
            self.sudo().write({"handover_state": "running", "handover_error": False})
            self._hypercare_queue_handover()
            return True
        if not self.bau_contact_id:
            raise UserError(
                self.env._(
                    "Hypercare %(name)s has no BAU contact: name the BAU Contact "
                    "(the support contact who owns the open tickets after "
                    "hypercare) before closing.",
                    name=self.name,
                )
            )
        super().action_close(override_reason=override_reason)
        self.sudo().write(
            {
                "handover_state": "running",
                "handover_done_count": 0,
                "handover_error": False,
            }
        )
        self._hypercare_queue_handover()
        return True

    def _hypercare_queue_handover(self):
        """Wake the handover job on whichever cron worker is free."""
        self.env.ref("hypercare_support.ir_cron_charter_handover").sudo()._trigger()

    @api.model
    def _cron_hypercare_handover(self):
        """The handover job: every closed charter whose handover runs. A
        charter whose run fails is marked stopped, with the reason, and the
        others go on; batches already committed stay handed over."""
        charters = self.sudo().search(
            [("state", "=", "closed"), ("handover_state", "=", "running")]
        )
        if not self.env.context.get("ir_cron_progress_id"):
            # called directly (a test, a shell): one transaction, errors raise
            for charter in charters:
                charter._hypercare_handover()
            return
        for charter in charters:
            try:
                charter._hypercare_handover()
            except pg_errors.OperationalError as error:
                # a concurrent write (the scan) on a ticket of the batch: the
                # batch is undone, the job goes on in a moment where it stopped
                self.env.cr.rollback()
                _logger.info("Handover of charter %s: %s; retried", charter.id, error)
                self.env.ref("hypercare_support.ir_cron_charter_handover")._trigger(
                    fields.Datetime.now() + timedelta(seconds=RETRY_SECONDS)
                )
                self.env["ir.cron"]._commit_progress()
            except Exception as error:  # noqa: BLE001 - kept on the charter
                # the batch in progress is undone; those committed stay
                self.env.cr.rollback()
                _logger.exception("Handover of charter %s stopped", charter.id)
                charter.write(
                    {"handover_state": "stopped", "handover_error": str(error)[:250]}
                )
                self.env["ir.cron"]._commit_progress()

    def _hypercare_handover(self):
        """Hand the open tickets over in batches, each committed in a cron
        run (or when the context says ``hypercare_commit``: the benchmark):
        BAU row of their level, the BAU contact as owner. The report is
        rendered first, so it names each ticket's owner before the handover.
        Tickets handed over are marked, so a run cut short goes on where it
        stopped."""
        self.ensure_one()
        commit = bool(
            self.env.context.get("ir_cron_progress_id")
            or self.env.context.get("hypercare_commit")
        )
        charter = self.sudo()
        if not charter.handover_attachment_id:
            charter.handover_attachment_id = charter._hypercare_attach_handover_report()
            if commit:
                self._hypercare_commit_batch(0)
            # the report read every open ticket: a cache that large would make
            # each batch's writes walk all of it
            self.env.flush_all()
            self.env.invalidate_all()
        bau_rows = self._hypercare_bau_rows()
        contact = self.bau_contact_id
        now = fields.Datetime.now()
        todo = [
            ("hypercare_charter_id", "=", self.id),
            ("hypercare_is_open", "=", True),
            ("hypercare_handover_date", "=", False),
        ]
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo()
            # the tickets left are read once, then taken a batch at a time by
            # id: a search per batch ordered by id walked the whole table's
            # primary key to find the charter's next thousand (40 ms each at
            # 135 000 tasks). Read again at the end: a ticket reopened or
            # raised meanwhile is handed over too.
            while ids := Ticket.search(todo, order="id").ids:
                for start in range(0, len(ids), HANDOVER_BATCH):
                    tickets = Ticket.search(
                        [*todo, ("id", "in", ids[start : start + HANDOVER_BATCH])],
                        order="id",
                    )
                    if not tickets:
                        continue
                    tickets._hypercare_hand_over(contact, bau_rows, now)
                    charter.handover_done_count += len(tickets)
                    if commit:
                        self._hypercare_commit_batch(len(tickets))
        charter.write({"handover_state": "done", "handover_error": False})
        attachment = charter.handover_attachment_id
        body = escape(
            self.env._(
                "Handed over to BAU: %(count)s open ticket(s) now owned by "
                "%(contact)s on the BAU matrix. Handover report attached."
            )
        ) % {"count": charter.handover_done_count, "contact": contact.name}
        if attachment.mimetype != "application/pdf":
            body += Markup("<br/>") + escape(
                self.env._(
                    "This server cannot render PDF (wkhtmltopdf is not "
                    "installed): the handover report is attached as HTML."
                )
            )
        # one notice to the BAU contact (a note: named, not the followers)
        charter.message_post(
            body=body,
            attachment_ids=attachment.ids,
            partner_ids=contact.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if commit:
            self._hypercare_commit_batch(0)
        return True

    def _hypercare_commit_batch(self, count):
        """Commit a handover batch: in a cron run through its progress, else
        (a benchmark, a shell) straight."""
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(count)
        else:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _hypercare_attach_handover_report(self):
        """Render the handover report and attach it to the charter: as PDF
        where the server can render PDF, else as HTML (closing never depends
        on an optional tool)."""
        self.ensure_one()
        Report = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(hypercare_handover_render=True)
        )
        report = "hypercare_support.hypercare_handover_report"
        if Report.get_wkhtmltopdf_state() in ("ok", "upgrade"):
            content, _type = Report._render_qweb_pdf(report, self.ids)
            name = self.env._("Handover - %(name)s.pdf", name=self.name)
            mimetype = "application/pdf"
        else:
            content, _type = Report._render_qweb_html(report, self.ids)
            name = self.env._("Handover - %(name)s.html", name=self.name)
            mimetype = "text/html"
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "type": "binary",
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": mimetype,
                }
            )
        )

    def action_open_handover_report(self):
        self.ensure_one()
        if not self.handover_attachment_id:
            raise UserError(self.env._("This charter has no handover report yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.handover_attachment_id.id}?download=true",
            "target": "self",
        }

    def _hypercare_handover_pages(self):
        """Knowledge pages written during hypercare, for the handover report:
        a list of dicts with ``name`` and ``url``. Extension hook (the knowledge
        bridge fills it)."""
        self.ensure_one()
        return []

    def _hypercare_handover_rows(self, tickets):
        """The rows of the report's ticket table, as one piece of HTML: a
        QWeb loop costs about 0.1 ms a ticket, a second of a close of 10 000.
        Every value is escaped, as QWeb would."""
        row = (
            '<tr><td class="text-nowrap">#%s</td><td>%s</td><td>%s</td>'
            "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
        )
        return Markup(
            "".join(
                row
                % (
                    ticket.id,
                    escape(ticket.display_name or ""),
                    escape(ticket.severity_id.name or ""),
                    escape((ticket.support_layer or "").upper()),
                    escape(", ".join(ticket._hypercare_owners().mapped("name"))),
                    escape(ticket.workaround or ""),
                    escape(ticket.next_step or ""),
                )
                for ticket in tickets
            )
        )

    def _hypercare_handover_tickets(self):
        """The open tickets of the handover report, every carrier, most
        severe first (the stored severity rank), then by report date. Only
        the columns the report prints are read: a whole task row is wide."""
        self.ensure_one()
        by_carrier = []
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo()
            fnames = [
                "name",
                "severity_id",
                "support_layer",
                "workaround",
                "next_step",
                "hypercare_severity_rank",
            ]
            if Ticket._hypercare_owner_field:
                fnames.append(Ticket._hypercare_owner_field)
            tickets = Ticket.search_fetch(
                [
                    ("hypercare_charter_id", "=", self.id),
                    ("hypercare_is_open", "=", True),
                ],
                fnames,
                order="hypercare_severity_rank, date_reported, id",
            )
            if tickets:
                by_carrier.append(tickets)
        if len(by_carrier) == 1:
            return list(by_carrier[0])
        tickets = [ticket for carrier in by_carrier for ticket in carrier]
        return sorted(tickets, key=lambda t: t.hypercare_severity_rank)
