from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .hypercare_ticket_mixin import ISSUE_TYPES

OUTCOMES = [("answered", "Answered on the spot"), ("ticket", "Became a ticket")]
# the types a ticket keeps "A question" as its impact for
QUESTION_TYPES = ("how_to", "training")


class HypercareFloorLog(models.Model):
    """A question a champion answered on the floor (in person, chat, phone)
    without a ticket: the trace of the internal resolution and of the
    training gaps per function and topic."""

    _name = "hypercare.floor.log"
    _description = "Hypercare Floor-walking Log"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "topic"

    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Hypercare",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        default=lambda self: self.env["hypercare.charter"]._get_active_charter(),
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Answered By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        check_company=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    business_function = fields.Char(
        default=lambda self: self._default_business_function(),
        help="Finance, Sales, ...: the function the question came from.",
    )
    topic = fields.Char(required=True, help="In a few words: what was asked.")
    issue_type = fields.Selection(
        ISSUE_TYPES,
        string="Type",
        default="how_to",
        help="What the question turned out to be: a how-to, a training gap, "
        "or a defect. A ticket it becomes starts with this type.",
    )
    minutes = fields.Integer(default=5, help="Time spent answering.")
    outcome = fields.Selection(OUTCOMES, required=True, default="answered")
    ticket_id = fields.Many2one(
        "project.task",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="The ticket the question became.",
    )

    _minutes_positive = models.Constraint(
        "CHECK (minutes >= 0)", "The minutes spent cannot be negative."
    )

    @api.model
    def _hypercare_ticket_fields(self):
        """The fields linking an entry to the ticket it became, one per
        carrier (a bridge adds its own): a linked entry counts as that
        ticket, never as a floor question too."""
        return ["ticket_id"]

    @api.model
    def _hypercare_unlinked_sql(self, alias="log"):
        """SQL: the entry of ``alias`` became no ticket of any carrier."""
        return SQL(" AND ").join(
            SQL("%s IS NULL", SQL.identifier(alias, fname))
            for fname in self._hypercare_ticket_fields()
        )

    @api.model
    def _default_business_function(self):
        charter = self.env["hypercare.charter"]._get_active_charter()
        mine = charter.sudo().champion_ids.filtered(
            lambda c: c.user_id == self.env.user
        )
        return mine[:1].function or False

    @api.model
    def _check_vals(self, vals):
        """Refuse bad input before the database does, with a clear message."""
        if "topic" in vals and not (vals["topic"] or "").strip():
            raise ValidationError(self.env._("Say in a few words what was asked."))
        if (vals.get("minutes") or 0) < 0:
            raise ValidationError(self.env._("The minutes spent cannot be negative."))
        date = fields.Datetime.to_datetime(vals.get("date"))
        if date and date > fields.Datetime.now():
            raise ValidationError(
                self.env._("A question cannot be answered in the future.")
            )

    @api.constrains("topic", "minutes")
    def _check_input(self):
        for log in self:
            self._check_vals({"topic": log.topic, "minutes": log.minutes})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
        self._check_charter_open(
            self.env["hypercare.charter"].browse(
                {vals["charter_id"] for vals in vals_list if vals.get("charter_id")}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        self._check_vals(vals)
        self._check_charter_open(
            self.charter_id | self.charter_id.browse(vals.get("charter_id"))
        )
        return super().write(vals)

    def _check_charter_open(self, charters=None):
        charters = self.charter_id if charters is None else charters
        closed = charters.sudo().filtered(lambda c: c.state == "closed")
        if closed:
            raise ValidationError(
                self.env._(
                    "Hypercare %(names)s is closed: its floor log is evidence "
                    "and takes no more entries.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def action_became_ticket(self):
        """Open the "Report an issue" dialog prefilled with this question; the
        ticket it creates is linked back here."""
        self.ensure_one()
        self._check_charter_open()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support.hypercare_report_issue_action"
        )
        issue_type = self.issue_type or "how_to"
        action["context"] = {
            "default_charter_id": self.charter_id.id,
            "default_name": self.topic,
            "default_issue_type": issue_type,
            # a question stays "a question"; a defect or a data issue that
            # stops the floor is graded by the champion in the dialog
            "default_impact": "question"
            if issue_type in QUESTION_TYPES
            else "workaround",
            "default_floor_log_id": self.id,
        }
        action["target"] = "new"
        return action
