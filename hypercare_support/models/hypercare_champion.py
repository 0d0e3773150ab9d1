import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# short labels: they fit a list column and a phone (the layers are explained
# in the README: L1 champions and the hypercare desk, L2 functional and
# technical leads, L3 the implementation partner, L4 the software vendor)
SUPPORT_LAYERS = [
    ("l1", "L1 Champions"),
    ("l2", "L2 Leads"),
    ("l3", "L3 Partner"),
    ("l4", "L4 Vendor"),
]


class HypercareChampion(models.Model):
    """A member of the champion roster: who supports which function, at which
    support layer, and how to reach them."""

    _name = "hypercare.champion"
    _description = "Hypercare Champion"
    _order = "charter_id, function, support_layer, id"
    _check_company_auto = True

    charter_id = fields.Many2one(
        "hypercare.charter",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="charter_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", required=True, index=True, check_company=True
    )
    active = fields.Boolean(default=True)
    name = fields.Char(related="user_id.name")
    function = fields.Char(
        required=True, help="Business function served, e.g. Finance, Sales, Warehouse."
    )
    support_layer = fields.Selection(SUPPORT_LAYERS, required=True, default="l1")
    phone = fields.Char(help="Stored in E.164 format, e.g. +3225551234.")
    on_call = fields.Boolean()

    # one line per person and function (case and spaces aside) on a roster;
    # archived lines are history (who served, at which layer) and grant
    # nothing: they do not block putting the person back on the roster
    _user_function_uniq = models.UniqueIndex(
        "(charter_id, user_id, lower(btrim(function))) WHERE active",
        "This person is already a champion of this function on this charter's roster.",
    )

    def init(self):
        # databases from before the unique index may hold duplicate active
        # lines (the former check raced): archive all but the oldest of each,
        # so that the index the update could not create is created at its end
        self.env.cr.execute(
            """
            UPDATE hypercare_champion
               SET active = FALSE
             WHERE id IN (
                   SELECT id
                     FROM (SELECT id, row_number() OVER (
                                  PARTITION BY charter_id, user_id,
                                               lower(btrim(function))
                                  ORDER BY id) AS rank
                             FROM hypercare_champion
                            WHERE active) AS line
                    WHERE line.rank > 1)
            """
        )

    @api.constrains("function")
    def _check_function(self):
        for champion in self:
            if not (champion.function or "").strip():
                raise ValidationError(self.env._("A champion needs a function."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("phone"):
                vals["phone"] = self._normalize_phone(
                    vals["phone"], self._country_for(vals.get("charter_id"))
                )
        # the unique index sees pending archivings (person off the roster and
        # back in one transaction) only once they are written
        self.flush_model(["charter_id", "user_id", "function", "active"])
        champions = super().create(vals_list)
        champions.charter_id._hypercare_flush_staff()
        return champions

    def write(self, vals):
        if vals.get("phone"):
            countries = {c._country_for(c.charter_id.id) for c in self} or {None}
            if len(countries) > 1:
                for champion in self:
                    champion.write(vals)
                return True
            vals = dict(
                vals, phone=self._normalize_phone(vals["phone"], countries.pop())
            )
        res = super().write(vals)
        self.charter_id._hypercare_flush_staff()
        return res

    @api.model
    def _country_for(self, charter_id):
        charter = self.env["hypercare.charter"].browse(charter_id).exists()
        company = charter.company_id or self.env.company
        return company.country_id.code or None

    @api.model
    def _normalize_phone(self, number, country_code):
        """Return the number in E.164 or raise a translated ValidationError."""
        try:
            parsed = phonenumbers.parse(number.strip(), country_code)
        except phonenumbers.NumberParseException as error:
            raise ValidationError(
                self.env._(
                    "%(number)s is not a valid phone number. Use the international "
                    "format, e.g. +32 2 555 12 34.",
                    number=number,
                )
            ) from error
        if not phonenumbers.is_valid_number(parsed):
            raise ValidationError(
                self.env._(
                    "%(number)s is not a valid phone number for %(country)s. Use the "
                    "international format, e.g. +32 2 555 12 34.",
                    number=number,
                    country=country_code or self.env._("an unknown country"),
                )
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
