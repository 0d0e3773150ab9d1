"""19.0.1.4.0 (issue 25): a charter's staff defined once. The ticket,
project, ticket-analysis and layer-stay rules read ``staff_user_ids`` through
``res.users._hypercare_staff_domain`` and serve every internal user, so the
partner contact, the vendor liaison and the BAU contact work the tickets
handed to them without the Champion group; a ticket assigned to someone opens
for them. The adoption rules read the same definition."""

from odoo.addons.hypercare_support.migration_tools import refresh_shipped_rules

# the rules whose domain (and group) changed, as 19.0.1.3.0 shipped them
SHIPPED = {
    "project_task_rule_hypercare_user": (
        "[('hypercare_reporter_id', '=', user.id), ('hypercare_charter_id', '!=',"
        "False)]"
    ),
    "project_task_rule_hypercare_champion": (
        "[('hypercare_charter_id', 'any', ['|', '|', ('champion_ids', 'any',"
        "[('user_id', '=', user.id), ('active', '=', True)]),"
        "('incident_lead_id', '=', user.id), ('vendor_liaison_id', '=',"
        "user.id)])]"
    ),
    "project_project_rule_hypercare_champion": (
        "[('hypercare_charter_id', 'any', ['|', '|', ('champion_ids', 'any',"
        "[('user_id', '=', user.id), ('active', '=', True)]),"
        "('incident_lead_id', '=', user.id), ('vendor_liaison_id', '=',"
        "user.id)])]"
    ),
    "hypercare_ticket_report_rule_champion": (
        "[('charter_id', 'any', ['|', '|', ('champion_ids', 'any', [('user_id',"
        "'=', user.id), ('active', '=', True)]), ('incident_lead_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
    "hypercare_ticket_layer_rule_champion": (
        "[('charter_id', 'any', ['|', '|', '|', ('champion_ids', 'any',"
        "[('user_id', '=', user.id), ('active', '=', True)]),"
        "('incident_lead_id', '=', user.id), ('partner_contact_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
    "hypercare_floor_log_rule_champion": (
        "[('charter_id', 'any', ['|', '|', ('champion_ids', 'any', [('user_id',"
        "'=', user.id), ('active', '=', True)]), ('incident_lead_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
    "hypercare_pulse_rule_champion": (
        "[('charter_id', 'any', ['|', '|', ('champion_ids', 'any', [('user_id',"
        "'=', user.id), ('active', '=', True)]), ('incident_lead_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
    "hypercare_user_activity_rule_champion": (
        "[('charter_id', 'any', ['|', '|', ('champion_ids', 'any', [('user_id',"
        "'=', user.id), ('active', '=', True)]), ('incident_lead_id', '=',"
        "user.id), ('vendor_liaison_id', '=', user.id)])]"
    ),
}

# their names as shipped (a renamed rule is a customer's edit: kept)
SHIPPED_NAMES = {
    "project_task_rule_hypercare_user": "Hypercare ticket: reporter reads own",
    "project_task_rule_hypercare_champion": (
        "Hypercare ticket: champions of the charter"
    ),
    "project_project_rule_hypercare_champion": (
        "Hypercare project: champions of the charter"
    ),
    "hypercare_ticket_report_rule_champion": (
        "Hypercare ticket analysis: champions of the charter"
    ),
    "hypercare_ticket_layer_rule_champion": (
        "Hypercare layer stays: champions of the charter"
    ),
    "hypercare_floor_log_rule_champion": (
        "Hypercare floor log: champions of the charter"
    ),
    "hypercare_pulse_rule_champion": "Hypercare pulse: champions read their charters'",
    "hypercare_user_activity_rule_champion": (
        "Hypercare user activity: champions of the charter"
    ),
}


def migrate(cr, version):
    if version:
        refresh_shipped_rules(cr, "hypercare_support", SHIPPED, SHIPPED_NAMES)
