from odoo import api, models


class HypercareCharterTermMixin(models.AbstractModel):
    """A term of the charter's contract (a severity row, an exit criterion):
    once the charter went live, every creation, change and removal of a
    logged field is written on the charter's chatter, old → new.

    A term model inherits it, has a ``charter_id`` and lists the fields in
    ``_hypercare_logged_fields``; ``_hypercare_term_log_title`` names the
    kind of change in the log.
    """

    _name = "hypercare.charter.term.mixin"
    _description = "Hypercare Charter Term"

    # fields whose changes after go-live are logged on the charter
    _hypercare_logged_fields = ()

    def _hypercare_term_log_title(self):
        """Translated title of the log message, e.g. "Severity matrix changed"."""
        raise NotImplementedError

    def _hypercare_term_live(self):
        """The terms of charters that went live (running or closed, or back
        to draft after going live): they are logged."""
        live = self.sudo().charter_id.filtered(
            lambda charter: charter.state != "draft" or charter.date_activated
        )
        return self.filtered(lambda term: term.sudo().charter_id in live)

    def _hypercare_term_value(self, fname, value=None):
        """``value`` (default: the record's) of ``fname``, as a reader sees it."""
        field = self._fields[fname]
        value = self[fname] if value is None else value
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value or "")
        if field.type == "float":
            return f"{value:g}"
        if field.type == "many2one":
            return value.display_name or ""
        return str(value or "")

    def _hypercare_term_summary(self):
        """'name (field value, field value...)' of this term."""
        self.ensure_one()
        values = ", ".join(
            f"{self._fields[fname]._description_string(self.env)} "
            f"{self._hypercare_term_value(fname)}"
            for fname in self._hypercare_logged_fields
            if fname != "name"
        )
        return f"{self.display_name} ({values})"

    def _hypercare_term_log(self, lines_by_term):
        """Post ``{term: [line, ...]}`` on each term's charter, one message per
        charter."""
        by_charter = {}
        for term, lines in lines_by_term.items():
            if lines:
                by_charter.setdefault(term.sudo().charter_id, []).extend(lines)
        for charter, lines in by_charter.items():
            charter._hypercare_log_contract(self._hypercare_term_log_title(), lines)

    @api.model_create_multi
    def create(self, vals_list):
        terms = super().create(vals_list)
        self._hypercare_term_log(
            {
                term: [
                    self.env._("Added: %(term)s", term=term._hypercare_term_summary())
                ]
                for term in terms._hypercare_term_live()
            }
        )
        return terms

    def write(self, vals):
        fnames = [fname for fname in self._hypercare_logged_fields if fname in vals]
        live = self._hypercare_term_live() if fnames else self.browse()
        before = {term: {fname: term[fname] for fname in fnames} for term in live}
        res = super().write(vals)
        changes = {}
        for term, old_values in before.items():
            changes[term] = [
                self.env._(
                    "%(term)s: %(field)s %(old)s → %(new)s",
                    term=term.display_name,
                    field=self._fields[fname]._description_string(self.env),
                    old=term._hypercare_term_value(fname, old),
                    new=term._hypercare_term_value(fname),
                )
                for fname, old in old_values.items()
                if old != term[fname]
            ]
        self._hypercare_term_log(changes)
        return res

    def unlink(self):
        removed = {
            term: [self.env._("Removed: %(term)s", term=term._hypercare_term_summary())]
            for term in self._hypercare_term_live()
        }
        # the log is written first: the charter is still reachable from the term
        self._hypercare_term_log(removed)
        return super().unlink()
