{
    "name": "Hypercare Support - Helpdesk Knowledge",
    "summary": "Publish resolved helpdesk how-tos of a hypercare charter as "
    "knowledge pages, in one click",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    # glue of an AGPL-3 bridge (document_page): AGPL-3 as well
    "license": "AGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support_helpdesk", "hypercare_support_knowledge"],
    "data": ["views/helpdesk_ticket_views.xml"],
}
