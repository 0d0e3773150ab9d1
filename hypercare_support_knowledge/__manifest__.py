{
    "name": "Hypercare Support - Knowledge",
    "summary": "Self-help for hypercare on OCA document_page: publish solved "
    "how-tos as knowledge pages, show them in the report dialog",
    "version": "19.0.1.1.0",
    "category": "Services/Project",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    # document_page is AGPL-3: so is this bridge (the core stays LGPL-3)
    "license": "AGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support", "document_page"],
    "data": [
        "security/hypercare_knowledge_security.xml",
        "security/ir.model.access.csv",
        "views/document_page_views.xml",
        "views/hypercare_charter_views.xml",
        "views/hypercare_self_help_deflection_views.xml",
        "views/project_task_views.xml",
        "wizards/hypercare_knowledge_publish_views.xml",
        "wizards/hypercare_report_issue_views.xml",
        "views/hypercare_menus.xml",
    ],
    "demo": ["demo/hypercare_knowledge_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "hypercare_support_knowledge/static/src/self_help/*",
        ],
        "web.assets_tests": [
            "hypercare_support_knowledge/static/src/tours/**/*",
        ],
    },
}
