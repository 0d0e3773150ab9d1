"""19.0.1.1.0 (issue 19): the champion rule no longer matches archived roster
lines. New global rules (hypercare rights stay on hypercare teams, nothing for
portal and public users) are created by the module's data as usual."""

from odoo.addons.hypercare_support.migration_tools import refresh_shipped_rules

# the rules whose domain changed, as 19.0.1.0.0 shipped them
SHIPPED = {
    "helpdesk_ticket_rule_hypercare_champion": """[('hypercare_charter_id', 'any', [
                '|', '|', ('champion_ids.user_id', '=', user.id),
                     ('incident_lead_id', '=', user.id),
                     ('vendor_liaison_id', '=', user.id)])]""",
}
# the rules this version adds
ADDED = (
    "helpdesk_ticket_rule_hypercare_scope_write",
    "helpdesk_ticket_rule_hypercare_scope_create",
    "helpdesk_ticket_rule_hypercare_scope_unlink",
    "helpdesk_ticket_rule_hypercare_no_share",
    "helpdesk_ticket_team_rule_hypercare_no_share",
)


def migrate(cr, version):
    if version:
        refresh_shipped_rules(cr, "hypercare_support_helpdesk", SHIPPED)
