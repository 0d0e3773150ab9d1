"""19.0.1.1.0 (issue 25): the page rules read the charter's one staff
definition; new global rules keep hypercare write, create and delete rights
on pages inside hypercare (a Champion who is also a document user no longer
edits every page of the company)."""

from odoo.addons.hypercare_support.migration_tools import refresh_shipped_rules

# the rules whose domain (and group) changed, as 19.0.1.0.0 shipped them
SHIPPED = {
    "document_page_rule_hypercare_champion": (
        "[('hypercare_charter_id', 'any', [('company_id', 'in', company_ids),"
        "'|', '|', ('champion_ids', 'any', [('user_id', '=', user.id), ('active',"
        "'=', True)]), ('incident_lead_id', '=', user.id), ('vendor_liaison_id',"
        "'=', user.id)])]"
    ),
    "document_page_history_rule_hypercare_champion": (
        "[('page_id.hypercare_charter_id', 'any', [('company_id', 'in',"
        "company_ids), '|', '|', ('champion_ids', 'any', [('user_id', '=',"
        "user.id), ('active', '=', True)]), ('incident_lead_id', '=', user.id),"
        "('vendor_liaison_id', '=', user.id)])]"
    ),
    "hypercare_self_help_deflection_rule_champion": (
        "[('charter_id', 'any', ['|', '|', ('champion_ids', 'any', [('user_id',"
        "'=', user.id), ('active', '=', True)]), ('incident_lead_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
}
# the rules this version adds
ADDED = (
    "document_page_rule_hypercare_scope_write",
    "document_page_rule_hypercare_scope_create",
    "document_page_rule_hypercare_scope_unlink",
)

# their names as shipped (a renamed rule is a customer's edit: kept)
SHIPPED_NAMES = {
    "document_page_rule_hypercare_champion": "Knowledge page: champions of the charter",
    "document_page_history_rule_hypercare_champion": (
        "Knowledge page history: champions of the charter"
    ),
    "hypercare_self_help_deflection_rule_champion": (
        "Self-help deflection: champions of the charter"
    ),
}


def migrate(cr, version):
    if version:
        refresh_shipped_rules(cr, "hypercare_support_knowledge", SHIPPED, SHIPPED_NAMES)
