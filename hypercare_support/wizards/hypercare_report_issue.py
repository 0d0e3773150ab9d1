from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import clean_context

from ..models.hypercare_charter import OPEN_STATES
from ..models.hypercare_ticket_mixin import IMPACTS, ISSUE_TYPES

# the user's words for the impact -> the charter's severity level
IMPACT_LEVELS = {
    "stopped": "critical",
    "blocked": "high",
    "workaround": "medium",
    "question": "low",
}


class HypercareReportIssue(models.TransientModel):
    """The "Report an issue" dialog: raised from any screen, it carries the
    record the user was on and creates the ticket in the charter's project."""

    _name = "hypercare.report.issue"
    _description = "Report a Hypercare Issue"

    charter_id = fields.Many2one(
        "hypercare.charter",
        string="Go-live",
        default=lambda self: self.env["hypercare.charter"]._get_active_charter(),
        domain=lambda self: self._hypercare_charter_domain(),
        help="The hypercare this issue is reported to. Change it when you take "
        "part in more than one go-live.",
    )
    charter_count = fields.Integer(
        compute="_compute_charter_count",
        string="Go-lives I Can Report To",
    )
    name = fields.Char(string="Summary", help="In one line: what goes wrong?")
    description = fields.Text(string="What happened")
    trying_to_do = fields.Text(string="What I was trying to do")
    issue_type = fields.Selection(ISSUE_TYPES, default="defect", required=True)
    impact = fields.Selection(
        IMPACTS, default="workaround", required=True, string="Impact on my work"
    )
    source_model = fields.Char(string="Raised From (Model)", readonly=True)
    source_res_id = fields.Integer(string="Raised From (Record ID)", readonly=True)
    source_name = fields.Char(string="Record", readonly=True)
    source_action = fields.Char(string="Screen", readonly=True)
    source_url = fields.Char(string="Address", readonly=True)
    source_model_name = fields.Char(
        compute="_compute_source_model_name", string="Document Type"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "hypercare_report_issue_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Attachments",
        help="Screenshots or files that show the issue.",
    )
    function = fields.Char(compute="_compute_champions", string="Business Function")
    champion_ids = fields.Many2many(
        "hypercare.champion", compute="_compute_champions", string="Key Users"
    )

    @api.model
    def _hypercare_charter_domain(self):
        """The charters the user can report into: their company's running ones."""
        return [
            ("state", "in", OPEN_STATES),
            ("company_id", "=", self.env.company.id),
        ]

    def _compute_charter_count(self):
        count = self.env["hypercare.charter"].search_count(
            self._hypercare_charter_domain()
        )
        for wizard in self:
            wizard.charter_count = count

    @api.depends("source_model")
    def _compute_source_model_name(self):
        for wizard in self:
            model = wizard.source_model and self.env["ir.model"]._get(
                wizard.source_model
            )
            wizard.source_model_name = model.name if model else False

    @api.depends("charter_id", "source_model")
    def _compute_champions(self):
        Mapping = self.env["hypercare.function.mapping"]
        for wizard in self:
            charter = wizard.charter_id
            function = Mapping._get_function(charter, wizard.source_model)
            if function:
                champions = Mapping._get_champions(charter, function)
                champions = champions.filtered("on_call") + champions.filtered(
                    lambda c: not c.on_call
                )
            else:
                champions = charter.champion_ids.filtered("on_call")
            wizard.function = function
            wizard.champion_ids = champions

    def _check_input(self):
        self.ensure_one()
        missing = []
        if not (self.name or "").strip():
            missing.append(self.env._("a summary"))
        if not (self.description or "").strip():
            missing.append(self.env._("what happened"))
        if missing:
            raise ValidationError(
                self.env._(
                    "Please describe the issue: %(missing)s cannot be empty.",
                    missing=self.env._(" and ").join(missing),
                )
            )
        if not self.charter_id:
            raise UserError(
                self.env._(
                    "There is no active hypercare for your company: contact your "
                    "support team directly."
                )
            )
        if self.charter_id.company_id != self.env.company:
            raise UserError(
                self.env._(
                    "Hypercare %(charter)s belongs to another company: switch to "
                    "%(company)s to report an issue there.",
                    charter=self.charter_id.display_name,
                    company=self.charter_id.company_id.name,
                )
            )
        if self.charter_id.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Hypercare %(charter)s is not running: issues can no longer be "
                    "reported there.",
                    charter=self.charter_id.display_name,
                )
            )

    def _get_source(self):
        """The record the issue was raised from, if it still exists and the
        reporter may read it."""
        self.ensure_one()
        if not (self.source_model and self.source_model in self.env):
            return None
        if not self.source_res_id:
            return None
        record = self.env[self.source_model].browse(self.source_res_id).exists()
        if not (record and record.has_access("read")):
            return None
        return record

    def _ticket_description(self, source):
        self.ensure_one()
        parts = [Markup("<p>%s</p>") % self.description.strip()]
        if (self.trying_to_do or "").strip():
            parts.append(
                Markup("<p><strong>%s</strong><br/>%s</p>")
                % (self.env._("What I was trying to do:"), self.trying_to_do.strip())
            )
        context = []
        if source is not None:
            context.append(
                (
                    self.env._("Raised from"),
                    "%s (%s)"
                    % (self.source_name or source.display_name, self.source_model_name),
                )
            )
        if self.source_action:
            context.append((self.env._("Screen"), self.source_action))
        items = [Markup("<li>%s: %s</li>") % (label, value) for label, value in context]
        url = (self.source_url or "").strip()
        if url.startswith(("http://", "https://", "/")):
            items.append(
                Markup('<li>%s: <a href="%s">%s</a></li>')
                % (self.env._("Address"), url, url)
            )
        if items:
            parts.append(Markup("<ul>%s</ul>") % Markup("").join(items))
        return Markup("").join(parts)

    def _ticket_vals(self, source):
        self.ensure_one()
        charter = self.charter_id
        level = IMPACT_LEVELS.get(self.impact)
        severity = charter.severity_ids.filtered(
            lambda s: s.level == level and s.phase != "bau"
        )[:1]
        # the function routed from the screen, else the reporter's own on the roster
        mine = charter.champion_ids.filtered(lambda c: c.user_id == self.env.user)
        vals = dict(charter._hypercare_carrier_model()._hypercare_carrier_vals(charter))
        vals.update(
            {
                "name": self.name.strip(),
                "description": self._ticket_description(source),
                "issue_type": self.issue_type,
                "business_function": self.function or mine[:1].function or False,
                "hypercare_impact": self.impact,
                "hypercare_reporter_id": self.env.user.id,
                "source_model": source._name if source is not None else False,
                "source_res_id": source.id if source is not None else False,
                "source_name": (self.source_name or source.display_name)
                if source is not None
                else False,
            }
        )
        if severity:
            vals["severity_id"] = severity.id
        return vals

    def action_submit(self):
        """Validate, create the ticket in the charter's carrier (its project),
        route it and open it in the reporter's form."""
        self.ensure_one()
        self._check_input()
        source = self._get_source()
        # the reporter usually has no right to create tickets: the dialog's
        # input is validated above, the ticket is created on their behalf;
        # routing, not the reporter, gives it an owner. Its e-mails (the
        # owner's "you have been assigned", a P1's alert) go through the mail
        # queue: the reporter's request does not wait on the mail server
        Ticket = (
            self.charter_id._hypercare_carrier_model()
            .sudo()
            .with_context(
                clean_context(self.env.context),
                default_user_ids=False,
                mail_notify_force_send=False,
            )
        )
        ticket = Ticket.create(self._ticket_vals(source))
        ticket.message_subscribe(self.env.user.partner_id.ids)
        attachments = self.attachment_ids.filtered(
            lambda a: a.create_uid == self.env.user
        )
        if attachments:
            attachments.sudo().write({"res_model": ticket._name, "res_id": ticket.id})
            ticket.message_post(
                body=self.env._("Attachments sent with the report."),
                attachment_ids=attachments.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.env["hypercare.function.mapping"]._route_tickets(ticket)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My issue"),
            "res_model": ticket._name,
            "res_id": ticket.id,
            "views": [(self.env.ref(ticket._hypercare_my_issue_view_xmlid).id, "form")],
            "target": "current",
            "context": {"hypercare_reported": True, "create": False, "edit": False},
        }

    @api.model
    def action_assigned_to_me(self):
        """The open hypercare tickets assigned to me, whatever the carrier:
        the queue of the staff who are no champions (the partner contact, the
        vendor liaison, the BAU contact after close), champions' too."""
        Charter = self.env["hypercare.charter"]
        charter = Charter._get_active_charter()
        Ticket = (
            charter._hypercare_carrier_model() if charter else self.env["project.task"]
        )
        for model_name in Charter._hypercare_ticket_models():
            Carrier = self.env[model_name]
            if Carrier._hypercare_owner_field and Carrier.search_count(
                Carrier._hypercare_assigned_domain(), limit=1
            ):
                Ticket = Carrier
                break
        action = self.env["ir.actions.act_window"]._for_xml_id(
            Ticket._hypercare_action_xmlid
        )
        action.update(
            name=self.env._("Assigned to me"),
            domain=Ticket._hypercare_assigned_domain(),
            context={f"search_default_{Ticket._hypercare_open_filter}": 1},
            help=Markup("<p class='o_view_nocontent_smiling_face'>%s</p><p>%s</p>")
            % (
                self.env._("Nothing assigned to you"),
                self.env._(
                    "Hypercare tickets escalated or handed over to you appear "
                    "here: the partner contact's L3, the vendor's L4, the BAU "
                    "contact's after close."
                ),
            ),
        )
        return action

    def action_my_issues(self):
        """My issues, whatever the carrier: the reporter's list in the carrier
        of their latest issue (the active charter's when they have none)."""
        Charter = self.env["hypercare.charter"]
        charter = Charter._get_active_charter()
        carrier = (
            charter._hypercare_carrier_model()._name if charter else "project.task"
        )
        latest = None
        for model_name in Charter._hypercare_ticket_models():
            if not self.env[model_name]._hypercare_my_issue_action_xmlid:
                continue
            last = self.env[model_name].search(
                [
                    ("hypercare_charter_id", "!=", False),
                    ("hypercare_reporter_id", "=", self.env.uid),
                ],
                order="date_reported desc, id desc",
                limit=1,
            )
            if last and (latest is None or last.date_reported > latest.date_reported):
                latest = last
        if latest is not None:
            carrier = latest._name
        xmlid = self.env[carrier]._hypercare_my_issue_action_xmlid
        return self.env["ir.actions.act_window"]._for_xml_id(
            xmlid or self.env["project.task"]._hypercare_my_issue_action_xmlid
        )
