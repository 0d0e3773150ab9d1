"""Helpers of the addons' migration scripts (``migrations/<version>/``)."""

import logging
import re

_logger = logging.getLogger(__name__)


def normalize_domain(domain):
    """A rule domain without its layout, to compare shipped and stored ones."""
    return re.sub(r"\s+", "", domain or "")


def refresh_shipped_rules(cr, module, shipped, names=None):
    """Let the module's data recreate the ``noupdate`` record rules named in
    ``shipped`` (``{xml name: domain as the previous release shipped it}``;
    ``names``: ``{xml name: rule name as shipped}``, when known).

    Odoo never updates an existing record of a ``noupdate`` data file, but it
    creates a missing one: a rule still as shipped is dropped here (pre-migrate)
    and comes back from the module's security file with its new domain. A rule
    a customer edited (its domain, or its name) is kept as it is, with a
    warning naming what to review.
    """
    names = names or {}
    for name, old_domain in shipped.items():
        cr.execute(
            """SELECT d.id, r.id, r.domain_force, r.name
                 FROM ir_model_data d
                 JOIN ir_rule r ON r.id = d.res_id
                WHERE d.module = %s AND d.name = %s AND d.model = 'ir.rule'""",
            (module, name),
        )
        row = cr.fetchone()
        if not row:
            continue  # recreated from the data file anyway
        data_id, rule_id, domain, rule_name = row
        if normalize_domain(domain) != normalize_domain(old_domain) or (
            name in names and rule_name != names[name]
        ):
            _logger.warning(
                "record rule %s.%s was customised: kept as it is; compare it with "
                "the new one in %s's security file and apply the fix by hand",
                module,
                name,
                module,
            )
            continue
        cr.execute("DELETE FROM ir_rule WHERE id = %s", (rule_id,))
        cr.execute("DELETE FROM ir_model_data WHERE id = %s", (data_id,))
        _logger.info(
            "record rule %s.%s will be recreated with its new domain", module, name
        )
