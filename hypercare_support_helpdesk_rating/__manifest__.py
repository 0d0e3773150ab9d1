{
    "name": "Hypercare Support - Helpdesk Rating",
    "summary": "Satisfaction of hypercare tickets carried by OCA helpdesk: the "
    "reporter rates the resolution, the dashboard and exit evidence count it",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    # glue of OCA helpdesk_mgmt_rating (AGPL-3): AGPL-3 as well
    "license": "AGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support_helpdesk", "helpdesk_mgmt_rating"],
}
