{
    "name": "Hypercare Support - Helpdesk SLA",
    "summary": "BAU in the customer's own SLA tool: a helpdesk-carried charter's "
    "BAU matrix becomes OCA helpdesk_mgmt_sla policies when it closes",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    # glue of OCA helpdesk_mgmt_sla (AGPL-3): AGPL-3 as well
    "license": "AGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support_helpdesk", "helpdesk_mgmt_sla"],
    "data": [
        "views/helpdesk_sla_views.xml",
        "report/hypercare_handover_report.xml",
    ],
    "post_init_hook": "post_init_hook",
}
