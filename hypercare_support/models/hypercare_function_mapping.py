from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError


class HypercareFunctionMapping(models.Model):
    """Which business function (and so which champions) an issue raised from
    a given model goes to."""

    _name = "hypercare.function.mapping"
    _description = "Hypercare Function Routing"
    _order = "charter_id, sequence, id"
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
    function = fields.Char(
        required=True,
        help="Business function as spelled on the champion roster, e.g. Finance.",
    )
    model_ids = fields.Many2many(
        "ir.model",
        string="Models",
        domain=[("transient", "=", False)],
        help="Issues raised from records of these models go to this function.",
    )

    @api.constrains("function")
    def _check_function(self):
        for mapping in self:
            if not (mapping.function or "").strip():
                raise ValidationError(
                    self.env._("A routing line needs a business function.")
                )

    @api.model
    def _get_function(self, charter, model_name):
        """The function issues raised from ``model_name`` go to, or ''."""
        if not (charter and model_name):
            return ""
        mapping = self.sudo().search(
            [("charter_id", "=", charter.id), ("model_ids.model", "=", model_name)],
            limit=1,
        )
        return (mapping.function or "").strip()

    @api.model
    def _get_champions(self, charter, function, on_call_only=False):
        """Active champions of ``function`` on ``charter``, first layer first."""
        key = (function or "").strip().casefold()
        champions = charter.sudo().champion_ids.filtered(
            lambda c: (c.function or "").strip().casefold() == key
        )
        if on_call_only:
            champions = champions.filtered("on_call")
        return champions.sorted(lambda c: (c.support_layer or "", c.id))

    @api.model
    def _ticket_functions(self, tickets):
        """The business function of each ticket, by ticket: the function mapped
        from its source model, else its reporter's function on the charter's
        roster (first layer first), else ''. Two queries for the whole batch."""
        charters = tickets.hypercare_charter_id
        if not charters:
            return {}
        by_model = {}
        for mapping in self.sudo().search([("charter_id", "in", charters.ids)]):
            function = (mapping.function or "").strip()
            for model_name in mapping.model_ids.mapped("model"):
                by_model.setdefault((mapping.charter_id.id, model_name), function)
        by_reporter = {}
        reporters = tickets.hypercare_reporter_id
        if reporters:
            champions = (
                self.env["hypercare.champion"]
                .sudo()
                .search(
                    [
                        ("charter_id", "in", charters.ids),
                        ("user_id", "in", reporters.ids),
                    ]
                )
                .sorted(lambda c: (c.support_layer or "", c.id))
            )
            for champion in champions:
                by_reporter.setdefault(
                    (champion.charter_id.id, champion.user_id.id),
                    (champion.function or "").strip(),
                )
        return {
            ticket: by_model.get((ticket.hypercare_charter_id.id, ticket.source_model))
            or by_reporter.get(
                (ticket.hypercare_charter_id.id, ticket.hypercare_reporter_id.id)
            )
            or ""
            for ticket in tickets
        }

    @api.model
    def _route_tickets(self, tickets):
        """Give each new ticket an owner: the on-call champion of its business
        function, else the charter's incident lead. Routing is the system's
        work, done as OdooBot: the note saying why an issue went to the lead is
        internal and notifies nobody (the lead is told by the assignment), so
        the reporter never receives it nor a delivery failure about it."""
        system = tickets.with_user(SUPERUSER_ID)
        for ticket in system.filtered("hypercare_charter_id"):
            charter = ticket.hypercare_charter_id
            function = (ticket.business_function or "").strip()
            champion = self._get_champions(charter, function, on_call_only=True)[:1]
            if champion:
                ticket._hypercare_set_owner(champion.user_id)
                continue
            lead = charter.incident_lead_id
            if not lead:
                continue
            ticket._hypercare_set_owner(lead)
            if function:
                reason = self.env._(
                    "No %(function)s champion is on call: routed to the incident "
                    "lead, %(lead)s.",
                    function=function,
                    lead=lead.name,
                )
            else:
                reason = self.env._(
                    "No business function is mapped to this screen: routed to the "
                    "incident lead, %(lead)s.",
                    lead=lead.name,
                )
            ticket._message_log(body=reason)
