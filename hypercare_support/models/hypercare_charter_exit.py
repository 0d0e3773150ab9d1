from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .hypercare_charter import OPEN_STATES


class HypercareCharter(models.Model):
    """The exit gate of the charter: readiness, extensions and closing."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    first_close_ids = fields.One2many("hypercare.first.close", "charter_id")
    extension_ids = fields.One2many("hypercare.extension", "charter_id")
    extension_count = fields.Integer(compute="_compute_extension_count")
    exit_ready = fields.Boolean(
        compute="_compute_exit_ready",
        help="Every required exit criterion is met.",
    )
    exit_met_count = fields.Integer(compute="_compute_exit_ready")
    exit_required_count = fields.Integer(compute="_compute_exit_ready")
    close_override_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why hypercare was closed while exit criteria were unmet.",
    )
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)

    def _compute_extension_count(self):
        for charter in self:
            charter.extension_count = len(charter.extension_ids)

    @api.depends_context("uid")
    @api.depends(
        "exit_criterion_ids.required",
        "exit_criterion_ids.kind",
        "exit_criterion_ids.threshold",
        "exit_criterion_ids.date_signed",
        "bau_contact_id",
        "baseline_weekly_volume",
        "sla_target",
    )
    def _compute_exit_ready(self):
        # a criterion not measurable yet is not met; a charter without a
        # required criterion has nothing met: never exit-ready
        for charter in self:
            required = charter.exit_criterion_ids.filtered("required")
            met = required.filtered("is_met")
            charter.exit_met_count = len(met)
            charter.exit_required_count = len(required)
            charter.exit_ready = (
                bool(required)
                and len(met) == len(required)
                and charter._hypercare_exit_measurable()
            )

    def _hypercare_exit_measurable(self, weeks=None):
        """Whether the exit gate can measure this charter yet: it went live
        and a full week since go-live has ended (``weeks``: the full weeks of
        its exit window, read here when not given). Before that the criteria
        measured on full weeks are not measurable and the charter is never
        exit-ready."""
        self.ensure_one()
        if self.state == "draft" or not self.go_live_date:
            return False
        if weeks is None:
            Criterion = self.env["hypercare.exit.criterion"]
            weeks = Criterion._charter_exit_window(self, fields.Datetime.now())[1]
        return bool(weeks)

    def action_open_extensions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extensions"),
            "res_model": "hypercare.extension",
            "view_mode": "list,form",
            "domain": [("charter_id", "=", self.id)],
            "context": {"default_charter_id": self.id},
        }

    def action_open_extend_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extend hypercare"),
            "res_model": "hypercare.charter.extend",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charter_id": self.id},
        }

    def action_open_close_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close hypercare"),
            "res_model": "hypercare.charter.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_charter_id": self.id},
        }

    def action_extend(self, new_end_date, reason):
        """Move the planned end, record the extension with the unmet criteria
        and set the charter to extended."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("extend hypercare"))
        self._hypercare_check_running()
        new_end_date = fields.Date.to_date(new_end_date)
        if not new_end_date or new_end_date <= self.planned_end_date:
            raise UserError(
                self.env._(
                    "The new end date must come after the current planned end "
                    "(%(end)s).",
                    end=format_date(self.env, self.planned_end_date),
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the extension."))
        unmet = self._hypercare_unmet_criteria()
        extension = self.env["hypercare.extension"].create(
            {
                "charter_id": self.id,
                "previous_end_date": self.planned_end_date,
                "new_end_date": new_end_date,
                "reason": reason,
                "unmet_criterion_ids": [Command.set(unmet.ids)],
            }
        )
        self._hypercare_set_state(
            {"planned_end_date": new_end_date, "state": "extended"}
        )
        body = escape(
            self.env._("Hypercare extended from %(old)s to %(new)s: %(reason)s")
        ) % {
            "old": format_date(self.env, extension.previous_end_date),
            "new": format_date(self.env, new_end_date),
            "reason": reason,
        }
        if unmet:
            body += Markup("<br/>") + escape(
                self.env._("Unmet criteria: %(names)s")
            ) % {"names": ", ".join(unmet.mapped("name"))}
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return extension

    def action_close(self, override_reason=None):
        """Close hypercare: refused unless exit-ready, except a manager
        override with a written reason, kept on the record and the chatter."""
        self.ensure_one()
        self._hypercare_check_manager(self.env._("close hypercare"))
        self._hypercare_check_running()
        unmet = self._hypercare_unmet_criteria().filtered("required")
        reason = (override_reason or "").strip()
        if unmet and not reason:
            raise UserError(
                self.env._(
                    "Hypercare %(name)s is not exit-ready (unmet: %(names)s). A "
                    "manager can close it anyway with a written reason.",
                    name=self.name,
                    names=", ".join(unmet.mapped("name")),
                )
            )
        self.exit_criterion_ids._hypercare_freeze()
        self._hypercare_set_state(
            {
                "state": "closed",
                "closed_by_id": self.env.user.id,
                "date_closed": fields.Datetime.now(),
                "close_override_reason": reason if unmet else False,
            }
        )
        if unmet:
            body = escape(
                self.env._(
                    "Hypercare closed by override. Unmet criteria: %(names)s. "
                    "Reason: %(reason)s"
                )
            ) % {"names": ", ".join(unmet.mapped("name")), "reason": reason}
        else:
            body = escape(self.env._("Hypercare closed: every exit criterion is met."))
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def _hypercare_unmet_criteria(self):
        """Exit criteria of these charters not met right now."""
        return self.exit_criterion_ids.filtered(lambda c: not c.is_met)

    def _hypercare_check_manager(self, what):
        if not self.env.user.has_group("hypercare_support.group_hypercare_manager"):
            raise UserError(
                self.env._("Only a hypercare manager can %(what)s.", what=what)
            )

    def _hypercare_check_running(self):
        if self.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Hypercare %(name)s is not running (active or extended).",
                    name=self.name,
                )
            )
