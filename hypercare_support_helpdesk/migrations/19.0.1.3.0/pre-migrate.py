"""19.0.1.3.0 (issue 25): the helpdesk ticket rules read the charter's one
staff definition (``staff_user_ids``) and serve every internal user; a ticket
assigned to someone opens for them."""

from odoo.addons.hypercare_support.migration_tools import refresh_shipped_rules

# the rules whose domain (and group) changed, as 19.0.1.2.0 shipped them
SHIPPED = {
    "helpdesk_ticket_rule_hypercare_user": (
        "[('hypercare_reporter_id', '=', user.id), ('hypercare_charter_id', '!=',"
        "False)]"
    ),
    "helpdesk_ticket_rule_hypercare_champion": (
        "[('hypercare_charter_id', 'any', ['|', '|', ('champion_ids', 'any',"
        "[('user_id', '=', user.id), ('active', '=', True)]),"
        "('incident_lead_id', '=', user.id), ('vendor_liaison_id', '=',"
        "user.id)])]"
    ),
}

# their names as shipped (a renamed rule is a customer's edit: kept)
SHIPPED_NAMES = {
    "helpdesk_ticket_rule_hypercare_user": "Hypercare ticket: reporter reads own",
    "helpdesk_ticket_rule_hypercare_champion": (
        "Hypercare ticket: champions of the charter"
    ),
}


def migrate(cr, version):
    if version:
        refresh_shipped_rules(cr, "hypercare_support_helpdesk", SHIPPED, SHIPPED_NAMES)
