from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .hypercare_exit_criterion import FREEZE_ACTION, SIGN_ACTION, SIGNATURE_FIELDS


class HypercareExitCriterion(models.Model):
    """The exit gate as evidence: signatures given and withdrawn only by Sign
    and Unsign, and the gate of a closed charter frozen as it stood at close
    (the checks the criterion's create and write call)."""

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.exit.criterion"

    def _check_gate_open(self, charters=None):
        """The exit gate of a closed charter is frozen as it stood at close:
        no criterion added, changed or removed."""
        charters = self.charter_id if charters is None else charters
        closed = charters.sudo().filtered(lambda c: c.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Hypercare %(names)s is closed: its exit gate is kept as it "
                    "stood at close.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def _hypercare_value_display(self):
        """The measured value as the exit report prints it: signed for the
        trends, with its unit, "not enough data" where nothing was measured."""
        self.ensure_one()
        kind, value = self.kind, self.current_value
        if self.not_enough_data:
            return self.env._("not enough data")
        if kind == "manual":
            return self.env._("signed") if self.is_met else self.env._("not signed")
        if kind in ("first_close", "bau_contact"):
            return self.env._("yes") if value >= 1 else self.env._("no")
        if kind in ("incoming_trend", "howto_trend"):
            return f"{value:+g}"
        if kind in ("sla_critical_high", "internal_resolution", "active_users"):
            return f"{value:g} %"
        if kind == "sustained_sla":
            return self.env._("%(weeks)s week(s)", weeks=f"{value:g}")
        if kind == "pulse":
            return f"{value:.1f} / 5"
        return f"{value:g}"

    def _hypercare_freeze(self):
        """Keep each criterion's value and outcome of now (the close)."""
        now = fields.Datetime.now()
        values = {c: (c.current_value, c.is_met) for c in self}
        for criterion, (value, met) in values.items():
            criterion.sudo().with_context(**{FREEZE_ACTION: True}).write(
                {"date_frozen": now, "frozen_value": value, "frozen_met": met}
            )

    def _check_signature_write(self, vals):
        """A signature is evidence: given only by Sign (a manager, evidence
        required, logged on the charter) and withdrawn only by Unsign."""
        if (
            SIGNATURE_FIELDS & {f for f, v in vals.items() if v}
            or (SIGNATURE_FIELDS & set(vals) and self.filtered("date_signed"))
        ) and not self.env.context.get(SIGN_ACTION):
            raise UserError(
                self.env._(
                    "Exit criteria are signed and unsigned with their Sign and "
                    "Unsign buttons only."
                )
            )

    def _check_manager(self):
        if not self.env.user.has_group("hypercare_support.group_hypercare_manager"):
            raise UserError(
                self.env._("Only a hypercare manager can sign exit criteria.")
            )

    def _check_signable(self):
        """Nothing is signed or unsigned on a closed charter: its exit gate
        stays as it was when hypercare closed."""
        closed = self.charter_id.filtered(lambda c: c.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Hypercare %(names)s is closed: its exit criteria can no "
                    "longer be signed or unsigned.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def action_sign(self):
        """Sign manual criteria: the manager vouches for them, evidence given.
        Logged on the charter."""
        self._check_manager()
        self._check_signable()
        not_manual = self.filtered(lambda c: c.kind != "manual")
        if not_manual:
            raise UserError(
                self.env._(
                    "%(names)s are measured, not signed.",
                    names=", ".join(not_manual.mapped("name")),
                )
            )
        missing = self.filtered(lambda c: not (c.evidence or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give the evidence before signing %(names)s.",
                    names=", ".join(missing.mapped("name")),
                )
            )
        to_sign = self.filtered(lambda c: not c.date_signed)
        to_sign.with_context(**{SIGN_ACTION: True}).write(
            {"signed_by_id": self.env.user.id, "date_signed": fields.Datetime.now()}
        )
        for criterion in to_sign:
            criterion.charter_id._hypercare_log_contract(
                self.env._("Exit criterion signed:"),
                [
                    self.env._(
                        "%(name)s. Evidence: %(evidence)s",
                        name=criterion.name,
                        evidence=criterion.evidence,
                    )
                ],
            )
        return self._hypercare_reload_action()

    def action_unsign(self):
        """Withdraw a signature. Logged on the charter, with who had signed
        and when."""
        self._check_manager()
        self._check_signable()
        signed = self.filtered("date_signed")
        lines = {
            criterion: self.env._(
                "%(name)s (signed by %(user)s on %(date)s)",
                name=criterion.name,
                user=criterion.signed_by_id.name or "",
                date=format_datetime(self.env, criterion.date_signed),
            )
            for criterion in signed
        }
        signed.with_context(**{SIGN_ACTION: True}).write(
            {"signed_by_id": False, "date_signed": False}
        )
        for criterion, line in lines.items():
            criterion.charter_id._hypercare_log_contract(
                self.env._("Exit criterion unsigned:"), [line]
            )
        return self._hypercare_reload_action()

    def _hypercare_reload_action(self):
        """Reload the screen the button was clicked on: the charter form
        around the criterion's dialog shows the new count and chatter line."""
        return {"type": "ir.actions.client", "tag": "soft_reload"}
