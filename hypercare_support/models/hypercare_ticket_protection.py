from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .hypercare_ticket_mixin import DESCRIPTION_MAX


class HypercareTicketMixin(models.AbstractModel):
    """What a user may set on a hypercare ticket, checked by the mixin's create
    and write (never for the superuser: the engine's own flows).

    - SLA bookkeeping (``_hypercare_engine_fields``: deadlines, statuses,
      notified marks, first response, resolution, pauses) is set by nobody
      through create or write, champions included;
    - triage fields (``_hypercare_champion_fields``) and the severity of a
      triaged ticket only by the charter's staff;
    - ``date_reported`` only earlier, never in the future, and every change
      of it is tracked;
    - the description at most ``DESCRIPTION_MAX`` characters.
    """

    # the mixin is split by concern over several files, on purpose
    _inherit = "hypercare.ticket.mixin"  # pylint: disable=consider-merging-classes-inherited

    hypercare_user_is_staff = fields.Boolean(
        compute="_compute_hypercare_user_is_staff",
        help="Whether the current user works this ticket: on the staff of its "
        "charter, or a hypercare manager (the triage buttons show for them).",
    )

    @api.depends_context("uid")
    def _compute_hypercare_user_is_staff(self):
        staffed = self._hypercare_staffed()
        for ticket in self:
            ticket.hypercare_user_is_staff = ticket in staffed

    def _hypercare_staffed(self):
        """The tickets of ``self`` whose charter the current user staffs
        (``hypercare.charter.staff_user_ids``), or all for a hypercare
        manager."""
        tickets = self.sudo()
        tickets.fetch(["hypercare_charter_id"])
        charters = tickets.hypercare_charter_id
        staffed = self.env["hypercare.charter"].browse(charters.ids)
        staffed = staffed._hypercare_staff_charters()
        return self.filtered(lambda t: t.sudo().hypercare_charter_id in staffed)

    @api.model
    def _hypercare_without_protected_defaults(self):
        """This model without the context defaults of protected fields: an RPC
        context must not set what the caller may not."""
        if self.env.su:
            return self
        protected = {f"default_{fname}" for fname in self._hypercare_protected_fields}
        if not protected & set(self.env.context):
            return self
        # the keys must go, not become False (a False default is a value)
        return self.with_context(  # pylint: disable=context-overridden
            {k: v for k, v in self.env.context.items() if k not in protected}
        )

    @api.model
    def _hypercare_check_new(self, vals, charter):
        """The values of a new ticket of ``charter``: protected fields (not
        for the superuser), report date, description."""
        if not self.env.su:
            charter = self.env["hypercare.charter"].browse(charter.ids)
            staff = bool(charter._hypercare_staff_charters())
            self._hypercare_check_create(vals, staff)
        if vals.get("date_reported"):
            self._hypercare_check_reported(vals["date_reported"], creating=True)
        if self._hypercare_description_too_long(vals):
            self._hypercare_refuse_long_description()

    @api.model
    def _hypercare_check_create(self, vals, staff):
        """A new hypercare ticket: refuse the SLA bookkeeping to everyone and
        the triage fields to anyone but the charter's staff (their defaults
        excepted: the web client sends them)."""
        engine = {
            fname
            for fname in set(vals) & set(self._hypercare_engine_fields)
            if vals[fname] or self._fields[fname].compute
        }
        if engine:
            self._hypercare_refuse_engine_fields(engine)
        if not staff:
            protected = {
                fname
                for fname in set(vals) & set(self._hypercare_champion_fields)
                if vals[fname] and not self._hypercare_is_default(fname, vals[fname])
            }
            if protected:
                self._hypercare_refuse_champion_fields(protected)

    def _hypercare_check_write(self, vals):
        """Refuse the SLA bookkeeping to everyone, the triage fields (and the
        severity of a triaged ticket) to anyone but the charter's staff."""
        engine = set(vals) & set(self._hypercare_engine_fields)
        if engine:
            self._hypercare_refuse_engine_fields(engine)
        outside = self - self._hypercare_staffed()
        if outside:
            protected = set(vals) & set(self._hypercare_champion_fields)
            if "severity_id" in vals and outside.sudo().filtered("date_triaged"):
                protected.add("severity_id")
            if protected:
                self._hypercare_refuse_champion_fields(protected)

    @api.model
    def _hypercare_is_default(self, fname, value):
        field = self._fields[fname]
        default = field.default(self) if field.default else False
        return field.convert_to_cache(value, self) == field.convert_to_cache(
            default, self
        )

    def _hypercare_refuse_engine_fields(self, fnames):
        labels = sorted(self._fields[fname].string for fname in fnames)
        raise AccessError(
            self.env._(
                "The SLA engine keeps %(fields)s of hypercare issues: nobody "
                "sets them by hand.",
                fields=", ".join(labels),
            )
        )

    def _hypercare_refuse_champion_fields(self, fnames):
        labels = sorted(self._fields[fname].string for fname in fnames)
        raise AccessError(
            self.env._(
                "Only hypercare champions of its charter (and hypercare managers) "
                "can change %(fields)s of a hypercare issue.",
                fields=", ".join(labels),
            )
        )

    def _hypercare_check_reported(self, value, creating=False):
        """The SLA clock start is never in the future nor empty, and users
        move it only earlier (a later start could turn a breach back into
        ongoing); the superuser (tests, migrations) may correct it."""
        reported = fields.Datetime.to_datetime(value)
        if not reported:
            raise ValidationError(
                self.env._("A hypercare issue keeps its report date (Reported On).")
            )
        if reported > fields.Datetime.now():
            raise ValidationError(
                self.env._("An issue cannot be reported in the future.")
            )
        if creating or self.env.su:
            return
        later = self.sudo().filtered(
            lambda t: t.date_reported and reported > t.date_reported
        )
        if later:
            raise ValidationError(
                self.env._(
                    "Reported On of %(tickets)s can only move earlier (an issue "
                    "phoned in before it was logged), never later than %(date)s.",
                    tickets=", ".join(later.mapped("display_name")),
                    date=fields.Datetime.to_string(min(later.mapped("date_reported"))),
                )
            )

    @api.model
    def _hypercare_description_too_long(self, vals):
        description = vals.get("description")
        return isinstance(description, str) and len(description) > DESCRIPTION_MAX

    @api.model
    def _hypercare_refuse_long_description(self):
        raise ValidationError(
            self.env._(
                "The description is too long (more than %(size)s characters): "
                "attach long logs or exports as files instead.",
                size=f"{DESCRIPTION_MAX:,}",
            )
        )
