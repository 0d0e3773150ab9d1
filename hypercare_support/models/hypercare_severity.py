from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

LEVELS = [
    ("critical", "Critical"),
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
]
PHASES = [
    ("hypercare", "Hypercare"),
    ("bau", "Business as usual"),
]


class HypercareSeverity(models.Model):
    """A row of the charter's severity matrix: business impact and SLA hours."""

    _name = "hypercare.severity"
    _description = "Hypercare Severity"
    _inherit = ["hypercare.charter.term.mixin"]
    _order = "charter_id, sequence, id"
    _check_company_auto = True
    # the matrix is a term of the charter: changes after go-live are logged
    _hypercare_logged_fields = (
        "name",
        "phase",
        "level",
        "response_hours",
        "resolution_hours",
        "business_hours_only",
        "warning_ratio",
        "definition",
    )

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    level = fields.Selection(LEVELS, required=True, default="medium")
    phase = fields.Selection(
        PHASES,
        required=True,
        default="hypercare",
        help="Hypercare: the matrix of the hypercare window. Business as usual: "
        "the looser matrix that applies after hypercare, against which the "
        "sustained SLA exit criterion is measured.",
    )
    definition = fields.Text(
        translate=True, help="Business impact that qualifies an issue for this level."
    )
    response_hours = fields.Float(required=True, default=4.0)
    resolution_hours = fields.Float(required=True, default=24.0)
    business_hours_only = fields.Boolean(
        help="Count the SLA hours in working hours of the charter's calendar "
        "(time zone and public holidays included) instead of wall-clock hours.",
    )
    warning_ratio = fields.Float(
        default=0.75,
        help="Share of the SLA time after which a ticket is flagged at risk.",
    )
    color = fields.Integer(compute="_compute_color")

    @api.constrains("name")
    def _check_name(self):
        if self.filtered(lambda s: not (s.name or "").strip()):
            raise ValidationError(self.env._("A severity level needs a name."))

    @api.constrains("response_hours", "resolution_hours", "warning_ratio")
    def _check_hours(self):
        for severity in self:
            if severity.response_hours <= 0 or severity.resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Severity %(name)s: response and resolution hours must be "
                        "greater than zero.",
                        name=severity.name,
                    )
                )
            if severity.resolution_hours < severity.response_hours:
                raise ValidationError(
                    self.env._(
                        "Severity %(name)s: the resolution time cannot be shorter "
                        "than the response time.",
                        name=severity.name,
                    )
                )
            if not 0 < severity.warning_ratio <= 1:
                raise ValidationError(
                    self.env._(
                        "Severity %(name)s: the warning ratio must be between 0 "
                        "(excluded) and 1.",
                        name=severity.name,
                    )
                )

    @api.depends("level")
    def _compute_color(self):
        colors = {"critical": 1, "high": 2, "medium": 3, "low": 10}
        for severity in self:
            severity.color = colors.get(severity.level, 0)

    # fields its tickets' deadlines are computed from (its level too: the BAU
    # row of that level gives their BAU deadlines)
    _hypercare_sla_fields = (
        "level",
        "response_hours",
        "resolution_hours",
        "business_hours_only",
        "warning_ratio",
    )
    # fields of a BAU row its level's tickets' BAU deadlines are computed from
    _hypercare_bau_fields = (
        "level",
        "phase",
        "response_hours",
        "resolution_hours",
        "business_hours_only",
    )

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        rows._hypercare_bau_refresh(rows._hypercare_bau_levels())
        return rows

    def write(self, vals):
        sla_vals = {f: vals[f] for f in self._hypercare_sla_fields if f in vals}
        bau_vals = {f: vals[f] for f in self._hypercare_bau_fields if f in vals}
        # a form saves every field it shows: only real changes recompute
        changed = self.filtered(
            lambda s: any(s[f] != value for f, value in sla_vals.items())
        )
        bau_changed = self.filtered(
            lambda s: any(s[f] != value for f, value in bau_vals.items())
        )
        # the levels whose BAU row it was before the edit and is after it
        levels = bau_changed._hypercare_bau_levels()
        res = super().write(vals)
        levels |= bau_changed._hypercare_bau_levels()
        self._hypercare_bau_refresh(levels, changed)
        return res

    def unlink(self):
        levels = self._hypercare_bau_levels()
        res = super().unlink()
        self._hypercare_bau_refresh(levels)
        return res

    def _hypercare_bau_levels(self):
        """``{(charter id, level)}`` of the BAU rows among these rows."""
        return {(row.charter_id.id, row.level) for row in self if row.phase == "bau"}

    @api.model
    def _hypercare_bau_refresh(self, levels, rows=None):
        """Recompute the running clocks of the open tickets on ``rows`` and of
        the open tickets of the ``(charter id, level)`` pairs of ``levels``
        (their BAU row changed, appeared or went): a clock that stopped keeps
        its deadlines, BAU ones included."""
        domains = [
            Domain("hypercare_charter_id", "=", charter_id)
            & Domain("severity_level", "=", level)
            for charter_id, level in sorted(levels)
        ]
        if rows:
            domains.append(Domain("severity_id", "in", rows.ids))
        if domains:
            self.env["hypercare.charter"]._hypercare_sla_refresh(Domain.OR(domains))

    def _hypercare_term_log_title(self):
        return self.env._("Severity matrix changed after go-live:")
