{
    "name": "Hypercare Support - Helpdesk",
    "summary": "Run hypercare on OCA helpdesk tickets: severities, SLAs, triage and "
    "exit gate for a charter carried by a helpdesk team",
    "version": "19.0.1.4.0",
    "category": "Services/Project",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    "license": "LGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support", "helpdesk_mgmt"],
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/hypercare_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_ticket_stage_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/hypercare_charter_views.xml",
        "views/hypercare_triage_session_views.xml",
        "views/hypercare_floor_log_views.xml",
        "views/hypercare_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hypercare_support_helpdesk/static/src/tours/**/*",
        ],
    },
}
