import base64
import calendar as calendar_module
import logging

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

HANDOVER_BATCH = 1000  # open tickets handed over per (committed) batch
HANDOVER_STATES = [
    ("running", "In progress"),
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
        """Close and hand over to BAU. A closed charter whose handover was cut
        short (a failure half way) finishes it when closed again."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("close hypercare"))
        if self.state == "closed" and self.handover_state == "running":
            return self._hypercare_handover()
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
        self.handover_state = "running"
        return self._hypercare_handover()

    def _hypercare_handover(self):
        """Hand the open tickets over in batches (committed in a cron run or
        when the context says ``hypercare_commit``): BAU row of their level,
        the BAU contact as owner. Tickets handed over are marked, so a run cut
        short goes on where it stopped. Then the report, attached."""
        self.ensure_one()
        commit = bool(
            self.env.context.get("ir_cron_progress_id")
            or self.env.context.get("hypercare_commit")
        )
        bau_rows = self._hypercare_bau_rows()
        contact = self.bau_contact_id
        now = fields.Datetime.now()
        done = 0
        for model_name in self._hypercare_ticket_models():
            Ticket = self.env[model_name].sudo()
            while True:
                tickets = Ticket.search(
                    [
                        ("hypercare_charter_id", "=", self.id),
                        ("hypercare_is_open", "=", True),
                        ("hypercare_handover_date", "=", False),
                    ],
                    order="id",
                    limit=HANDOVER_BATCH,
                )
                if not tickets:
                    break
                tickets._hypercare_hand_over(contact, bau_rows, now)
                done += len(tickets)
                if commit:
                    self._hypercare_commit_batch(len(tickets))
        attachment = self._hypercare_attach_handover_report()
        self.sudo().write(
            {"handover_state": "done", "handover_attachment_id": attachment.id}
        )
        self.sudo().message_post(
            body=escape(
                self.env._(
                    "Handed over to BAU: %(count)s open ticket(s) now owned by "
                    "%(contact)s on the BAU matrix. Handover report attached."
                )
            )
            % {"count": done, "contact": contact.name},
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _hypercare_commit_batch(self, count):
        """Commit a handover batch: in a cron run through its progress, else
        (a benchmark, a shell) straight."""
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(count)
        else:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _hypercare_attach_handover_report(self):
        """Render the handover report and attach it to the charter."""
        self.ensure_one()
        content, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(hypercare_handover_render=True)
            ._render_qweb_pdf("hypercare_support.hypercare_handover_report", self.ids)
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("Handover - %(name)s.pdf", name=self.name),
                    "type": "binary",
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
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

    def _hypercare_handover_tickets(self):
        """The open tickets of the handover report, every carrier."""
        self.ensure_one()
        tickets = []
        for model_name in self._hypercare_ticket_models():
            tickets.extend(
                self.env[model_name]
                .sudo()
                .search(
                    [
                        ("hypercare_charter_id", "=", self.id),
                        ("hypercare_is_open", "=", True),
                    ],
                    order="severity_level, date_reported, id",
                )
            )
        return tickets
