from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from ..models.hypercare_ticket_mixin import PUBLISHABLE_TYPES


class HypercareKnowledgePublish(models.TransientModel):
    """Publish a resolved how-to or training ticket as a knowledge page of its
    charter: the title, question and answer come from the ticket, the champion
    edits them before publishing."""

    _name = "hypercare.knowledge.publish"
    _description = "Publish a Hypercare Ticket to the Knowledge Base"

    ticket_model = fields.Char(required=True, readonly=True)
    ticket_res_id = fields.Integer(required=True, readonly=True)
    charter_id = fields.Many2one("hypercare.charter", required=True, readonly=True)
    name = fields.Char(string="Title", required=True)
    question = fields.Html(sanitize_style=True)
    answer = fields.Html(sanitize_style=True)

    @api.model
    def _check_ticket(self, ticket):
        """Only the staff of the ticket's charter publish, and only a resolved
        how-to or training ticket."""
        charter = ticket.hypercare_charter_id
        if not charter:
            raise UserError(
                self.env._(
                    "%(ticket)s is no hypercare ticket.", ticket=ticket.display_name
                )
            )
        if not charter._hypercare_staff_charters():
            raise AccessError(
                self.env._(
                    "Only the champions of %(charter)s publish its knowledge pages.",
                    charter=charter.display_name,
                )
            )
        if ticket.hypercare_state != "done":
            raise UserError(
                self.env._(
                    "%(ticket)s is not resolved: only a resolved ticket's answer "
                    "can be published.",
                    ticket=ticket.display_name,
                )
            )
        if ticket.issue_type not in PUBLISHABLE_TYPES:
            raise UserError(
                self.env._(
                    "%(ticket)s is not a how-to question or a training gap: its "
                    "answer makes no knowledge page.",
                    ticket=ticket.display_name,
                )
            )

    @api.model
    def _ticket_answer(self, ticket):
        """The last comment on the ticket by someone other than its reporter."""
        reporter = ticket.hypercare_reporter_id.partner_id
        for message in ticket.sudo().message_ids.sorted("id", reverse=True):
            if (
                message.message_type == "comment"
                and message.author_id != reporter
                and not is_html_empty(message.body)
            ):
                return message.body
        return False

    @api.model
    def _ticket_question(self, ticket):
        """The ticket's description, or its title when it had none: a page
        never starts with an empty question."""
        if not is_html_empty(ticket.description):
            return ticket.description
        return Markup("<p>%s</p>") % ticket.name

    @api.model
    def _for_ticket(self, ticket):
        ticket.ensure_one()
        self._check_ticket(ticket)
        return self.create(
            {
                "ticket_model": ticket._name,
                "ticket_res_id": ticket.id,
                "charter_id": ticket.hypercare_charter_id.id,
                "name": ticket.name,
                "question": self._ticket_question(ticket),
                "answer": self._ticket_answer(ticket),
            }
        )

    def _ticket(self):
        self.ensure_one()
        return self.env[self.ticket_model].browse(self.ticket_res_id).exists()

    def _page_content(self):
        self.ensure_one()
        parts = []
        if not is_html_empty(self.question):
            parts += [Markup("<h3>%s</h3>") % self.env._("Question"), self.question]
        if not is_html_empty(self.answer):
            parts += [Markup("<h3>%s</h3>") % self.env._("Answer"), self.answer]
        return Markup("").join(parts)

    def action_publish(self):
        """Create the page in the charter's category and open it."""
        self.ensure_one()
        ticket = self._ticket()
        if not ticket:
            raise UserError(self.env._("The ticket no longer exists."))
        self._check_ticket(ticket)
        if not (self.name or "").strip():
            raise UserError(self.env._("The page needs a title."))
        if is_html_empty(self.answer):
            raise UserError(self.env._("The page needs the answer."))
        charter = self.charter_id
        page = self.env["document.page"].create(
            {
                "name": self.name.strip(),
                "type": "content",
                "parent_id": charter._hypercare_knowledge_category().id,
                "hypercare_charter_id": charter.id,
                "hypercare_ticket_model": ticket._name,
                "hypercare_ticket_res_id": ticket.id,
                "company_id": charter.company_id.id,
            }
        )
        # the first revision, named and summed up (the page form requires
        # both), written by the publishing user: its contributor
        page._create_history(
            {
                "page_id": page.id,
                "name": self.env._("First version"),
                "summary": self.env._(
                    "Published from ticket %(ticket)s", ticket=ticket.display_name
                ),
                "content": self._page_content(),
            }
        )
        ticket.message_post(
            body=Markup("%s <a href='/odoo/document.page/%s'>%s</a>")
            % (self.env._("Published to the knowledge base:"), page.id, page.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "name": page.name,
            "res_model": "document.page",
            "res_id": page.id,
            "views": [(False, "form")],
            "target": "current",
        }
