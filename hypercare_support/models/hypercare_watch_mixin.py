import logging
from datetime import datetime, time

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

DATE_TYPES = ("date", "datetime")
LISTED_RECORDS = 20  # records named in a ticket's description


class HypercareWatchMixin(models.AbstractModel):
    """What watch rules and first runs share: a charter, a model named by its
    technical name (it outlives the app that brings it), a domain on it, a
    date field, and the one ticket they raise at a time."""

    _name = "hypercare.watch.mixin"
    _description = "Hypercare Watch (shared)"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    template_key = fields.Char(readonly=True, copy=False)
    app = fields.Char(
        readonly=True, help="Technical name of the module this line needs."
    )
    unavailable_reason = fields.Char(
        readonly=True,
        copy=False,
        help="Why this line is switched off (its app is not installed).",
    )
    model_name = fields.Char(required=True)
    model_id = fields.Many2one(
        "ir.model",
        compute="_compute_model_id",
        inverse="_inverse_model_id",
        groups="hypercare_support.group_hypercare_manager",
    )
    domain = fields.Char(default="[]")
    date_field_name = fields.Char()
    date_field_id = fields.Many2one(
        "ir.model.fields",
        compute="_compute_date_field_id",
        inverse="_inverse_date_field_id",
        groups="hypercare_support.group_hypercare_manager",
        domain="[('model', '=', model_name), ('ttype', 'in', ('date', 'datetime'))]",
    )
    last_check = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    ticket_model = fields.Char(readonly=True, copy=False)
    ticket_res_id = fields.Many2oneReference(
        string="Ticket", model_field="ticket_model", readonly=True, copy=False
    )

    @api.depends("model_name")
    def _compute_model_id(self):
        IrModel = self.env["ir.model"]
        for line in self:
            line.model_id = IrModel._get(line.model_name)

    def _inverse_model_id(self):
        for line in self:
            if line.model_id:
                line.model_name = line.model_id.model

    @api.depends("model_name", "date_field_name")
    def _compute_date_field_id(self):
        Fields = self.env["ir.model.fields"]
        for line in self:
            line.date_field_id = Fields._get(line.model_name, line.date_field_name)

    def _inverse_date_field_id(self):
        for line in self:
            line.date_field_name = line.date_field_id.name or False

    @api.onchange("model_id")
    def _onchange_model_id(self):
        if self.date_field_id and self.date_field_id.model != self.model_name:
            self.date_field_id = False

    @api.constrains(
        "model_name", "domain", "date_field_name", "active", "unavailable_reason"
    )
    def _check_watch_definition(self):
        for line in self:
            if line.unavailable_reason:
                continue  # a template of an app not installed: checked when it is
            model = line._watch_model()
            if model is None:
                raise ValidationError(
                    self.env._(
                        "%(line)s: the model %(model)s does not exist in this "
                        "database.",
                        line=line.name,
                        model=line.model_name,
                    )
                )
            try:
                line._watch_user_domain().validate(model)
            except (ValueError, SyntaxError, NameError, TypeError, KeyError) as e:
                raise ValidationError(
                    self.env._(
                        "%(line)s: the domain is not valid on %(model)s: %(reason)s",
                        line=line.name,
                        model=line.model_name,
                        reason=str(e),
                    )
                ) from e
            field = model._fields.get(line.date_field_name or "")
            if line.date_field_name and (
                not field or field.type not in DATE_TYPES or not field.store
            ):
                raise ValidationError(
                    self.env._(
                        "%(line)s: %(field)s is not a stored date or datetime "
                        "field of %(model)s.",
                        line=line.name,
                        field=line.date_field_name,
                        model=line.model_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_watch_readable()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"model_name", "domain", "date_field_name"} & set(vals):
            self._check_watch_readable()
        return res

    def _check_watch_readable(self):
        """Nobody watches what they may not read: the acting user must be
        allowed to read the rule's model (the engine, as superuser, may)."""
        if self.env.su:
            return
        for line in self.filtered(lambda r: not r.unavailable_reason):
            model = line._watch_model()
            try:
                model.check_access("read")
            except AccessError as e:
                raise ValidationError(
                    self.env._(
                        "%(line)s: you may not read %(model)s, so you cannot watch it.",
                        line=line.name,
                        model=line.model_name,
                    )
                ) from e

    # ------------------------------------------------------------------
    # Evaluation helpers
    # ------------------------------------------------------------------

    def _watch_model(self):
        """The watched model (an empty recordset in the acting env), or None
        when it is not in the registry."""
        self.ensure_one()
        if not self.model_name or self.model_name not in self.env:
            return None
        return self.env[self.model_name]

    def _watch_user_domain(self):
        """The rule's own domain, parsed (raises on a broken one)."""
        self.ensure_one()
        context = {
            "datetime": safe_datetime,
            "relativedelta": safe_dateutil.relativedelta.relativedelta,
            "context_today": lambda: fields.Date.context_today(self),
            "uid": self.env.uid,
        }
        value = safe_eval(self.domain or "[]", context)
        if not isinstance(value, (list, tuple)):
            raise ValueError(self.env._("a domain is a list of conditions"))
        return Domain(value)

    def _watch_unavailable(self):
        """Why this line cannot run in this database (False when it can)."""
        self.ensure_one()
        model = self._watch_model()
        app = self.app or self.model_name
        if model is None:
            return self.env._(
                "The %(app)s app is not installed: %(model)s is not available.",
                app=app,
                model=self.model_name,
            )
        fname = self.date_field_name
        if fname and fname not in model._fields:
            return self.env._(
                "The %(app)s app is not installed: %(model)s has no field %(field)s.",
                app=app,
                model=self.model_name,
                field=fname,
            )
        return False

    def _watch_sync_availability(self):
        """Templates switch themselves off when their app is not installed,
        with the reason, and back on once it is."""
        now = fields.Datetime.now()
        for line in self.with_context(active_test=False):
            reason = line._watch_unavailable() if line.app else False
            try:
                with self.env.cr.savepoint():
                    if reason and not line.unavailable_reason:
                        line.write({"active": False, "unavailable_reason": reason})
                    elif not reason and line.unavailable_reason:
                        line.write({"active": True, "unavailable_reason": False})
            except Exception as error:  # noqa: BLE001 (reported on the line)
                line._watch_record_error(now, error)

    @api.model
    def _watch_company_domain(self, model, company):
        """Only the charter's company's records (and shared ones)."""
        if model._name == "res.company":
            return Domain("id", "=", company.id)
        field = model._fields.get("company_id")
        if field and field.store and field.type == "many2one":
            return Domain("company_id", "in", [company.id, False])
        return Domain.TRUE

    @api.model
    def _watch_go_live(self, charter):
        return datetime.combine(charter.go_live_date, time.min)

    def _watch_ticket(self):
        """The ticket this line raised, if it still exists (sudo)."""
        self.ensure_one()
        if not self.ticket_model or not self.ticket_res_id:
            return None
        if self.ticket_model not in self.env:
            return None
        ticket = self.env[self.ticket_model].sudo().browse(self.ticket_res_id).exists()
        return ticket or None

    def _watch_open_ticket(self):
        ticket = self._watch_ticket()
        return ticket if ticket and ticket.hypercare_is_open else None

    def _watch_raise_ticket(self, title, intro, records, level, function):
        """Raise one hypercare ticket in the charter's carrier through its
        normal create path (SLA, critical alerts), linked to ``records``."""
        self.ensure_one()
        charter = self.charter_id
        Ticket = charter._hypercare_carrier_model().sudo()
        severity = charter.severity_ids.filtered(
            lambda s: s.level == level and s.phase != "bau"
        )[:1]
        vals = dict(Ticket._hypercare_carrier_vals(charter))
        vals.update(
            {
                "name": title,
                "description": self._watch_description(intro, records),
                "issue_type": "defect",
                "business_function": function or False,
            }
        )
        if severity:
            vals["severity_id"] = severity.id
        if len(records) == 1:
            vals.update(
                {
                    "source_model": records._name,
                    "source_res_id": records.id,
                    "source_name": records.display_name,
                }
            )
        ticket = Ticket.with_context(mail_create_nosubscribe=True).create(vals)
        self.write({"ticket_model": ticket._name, "ticket_res_id": ticket.id})
        return ticket

    def _watch_description(self, intro, records):
        items = Markup("").join(
            Markup('<li><a href="/odoo/%s/%s">%s</a></li>')
            % (record._name, record.id, record.display_name)
            for record in records[:LISTED_RECORDS]
        )
        body = Markup("<p>%s</p>") % intro
        if items:
            body += Markup("<ul>%s</ul>") % items
        return body

    def _watch_lock(self):
        """Lock these lines for this run: the ones a concurrent run holds (or
        changed since this transaction began) are left out, it does them."""
        if not self:
            return self
        try:
            with self.env.cr.savepoint(flush=False):
                rows = self.env.execute_query(
                    SQL(
                        "SELECT id FROM %s WHERE id = ANY(%s) FOR UPDATE SKIP LOCKED",
                        SQL.identifier(self._table),
                        self.ids,
                    )
                )
        except psycopg2.errors.SerializationFailure:
            return self.browse()
        locked = {row[0] for row in rows}
        return self.filtered(lambda line: line.id in locked)

    def _watch_scan(self, now):
        """Evaluate each line in its own savepoint: a broken one (bad domain,
        model since uninstalled) is reported on it and stops no other."""
        for line in self:
            try:
                with self.env.cr.savepoint():
                    line._watch_evaluate(now)
            except Exception as error:  # noqa: BLE001 (reported on the line)
                line._watch_record_error(now, error)

    def _watch_open_tickets(self):
        """``{line id: open ticket}`` of these lines, one query per carrier."""
        by_model = {}
        for line in self:
            if line.ticket_model in self.env and line.ticket_res_id:
                by_model.setdefault(line.ticket_model, set()).add(line.ticket_res_id)
        open_ids = set()
        for model_name, ids in by_model.items():
            Ticket = self.env[model_name].sudo()
            found = Ticket.search_fetch(
                [("id", "in", list(ids)), ("hypercare_is_open", "=", True)],
                ["hypercare_is_open"],
            )
            open_ids |= {(model_name, tid) for tid in found.ids}
        return {
            line.id: self.env[line.ticket_model].sudo().browse(line.ticket_res_id)
            for line in self
            if (line.ticket_model, line.ticket_res_id) in open_ids
        }

    def _watch_record_error(self, now, error):
        """Report a failed evaluation on the line (outside its savepoint)."""
        self.ensure_one()
        _logger.warning("Hypercare watch %s %s failed: %s", self._name, self.id, error)
        self.write({"last_check": now, "last_error": str(error) or repr(error)})

    def action_open_ticket(self):
        self.ensure_one()
        ticket = self._watch_ticket()
        if not ticket:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": ticket._name,
            "res_id": ticket.id,
            "view_mode": "form",
        }
