from odoo import fields, models


class HypercareCharter(models.Model):
    """The charter's knowledge: one document.page category holding its pages,
    and the self-help deflections its users recorded."""

    _inherit = "hypercare.charter"

    knowledge_category_id = fields.Many2one(
        "document.page",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The knowledge category holding this charter's pages, made when "
        "its first page is published.",
    )
    knowledge_page_count = fields.Integer(compute="_compute_knowledge_page_count")

    def _compute_knowledge_page_count(self):
        counts = dict(
            self.env["document.page"]._read_group(
                [("hypercare_charter_id", "in", self.ids), ("type", "=", "content")],
                ["hypercare_charter_id"],
                ["__count"],
            )
        )
        for charter in self:
            charter.knowledge_page_count = counts.get(charter, 0)

    def _hypercare_knowledge_category(self):
        """The charter's category, made on first use."""
        self.ensure_one()
        if not self.knowledge_category_id:
            category = (
                self.env["document.page"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Hypercare: %(name)s", name=self.name),
                        "type": "category",
                        "hypercare_charter_id": self.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            self.sudo().knowledge_category_id = category
        return self.knowledge_category_id

    def _hypercare_self_help_deflections(self, date_from, date_to):
        res = super()._hypercare_self_help_deflections(date_from, date_to)
        groups = (
            self.env["hypercare.self.help.deflection"]
            .sudo()
            ._read_group(
                [
                    ("charter_id", "in", self.ids),
                    ("date", ">=", date_from),
                    ("date", "<", date_to),
                ],
                ["charter_id"],
                ["__count"],
            )
        )
        for charter, count in groups:
            res[charter.id] = res.get(charter.id, 0) + count
        return res

    def _hypercare_handover_pages(self):
        """The charter's knowledge pages for the handover report: dicts with
        ``name`` and an absolute ``url`` (the PDF is read outside Odoo). The
        handover (core) defines the hook returning []; before it exists this
        method stands alone."""
        self.ensure_one()
        base_url = self.get_base_url()
        parent = getattr(super(), "_hypercare_handover_pages", None)
        pages = list(parent()) if parent else []
        for page in (
            self.env["document.page"]
            .sudo()
            .search(
                [("hypercare_charter_id", "=", self.id), ("type", "=", "content")],
                order="name, id",
            )
        ):
            pages.append(
                {"name": page.name, "url": f"{base_url}/odoo/document.page/{page.id}"}
            )
        return pages

    def action_open_knowledge(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hypercare_support_knowledge.document_page_hypercare_action"
        )
        action["domain"] = [
            ("hypercare_charter_id", "=", self.id),
            ("type", "=", "content"),
        ]
        action["context"] = {"default_parent_id": self.knowledge_category_id.id}
        return action
