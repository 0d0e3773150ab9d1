"""19.0.1.1.0 (issue 19): the champion rules (tickets, projects, ticket
analysis) no longer match archived roster lines. New global rules (hypercare
rights stay on hypercare projects, nothing for portal and public users) are
created by the module's data as usual."""

from odoo.addons.hypercare_support.migration_tools import refresh_shipped_rules

OLD_CHAMPION_DOMAIN = """[('hypercare_charter_id', 'any', [
                '|', '|', ('champion_ids.user_id', '=', user.id),
                     ('incident_lead_id', '=', user.id),
                     ('vendor_liaison_id', '=', user.id)])]"""
# the rules whose domain changed, as 19.0.1.0.0 shipped them
SHIPPED = {
    "project_task_rule_hypercare_champion": OLD_CHAMPION_DOMAIN,
    "project_project_rule_hypercare_champion": OLD_CHAMPION_DOMAIN,
    "hypercare_ticket_report_rule_champion": """[('charter_id', 'any', [
                '|', '|', ('champion_ids.user_id', '=', user.id),
                     ('incident_lead_id', '=', user.id),
                     ('vendor_liaison_id', '=', user.id)])]""",
}
# the rules this version adds
ADDED = (
    "project_project_rule_hypercare_scope",
    "project_task_rule_hypercare_no_share",
    "project_project_rule_hypercare_no_share",
    "project_collaborator_rule_hypercare_no_share",
    "project_milestone_rule_hypercare_no_share",
)


def migrate(cr, version):
    if version:
        refresh_shipped_rules(cr, "hypercare_support", SHIPPED)
