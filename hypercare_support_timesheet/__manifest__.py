{
    "name": "Hypercare Support - Timesheet",
    "summary": "Watch the partner's hypercare budget on Odoo timesheets: hours "
    "used, burn rate and forecast exhaustion",
    "version": "19.0.1.1.0",
    "category": "Services/Project",
    "website": "https://github.com/hypercare-support/hypercare_support",
    "author": "hypercare_support contributors",
    "license": "LGPL-3",
    "auto_install": True,
    "installable": True,
    "depends": ["hypercare_support", "hr_timesheet"],
    "data": [
        "views/hypercare_charter_views.xml",
        "wizards/hypercare_charter_extend_views.xml",
    ],
    "demo": ["demo/hypercare_timesheet_demo.xml"],
    "post_init_hook": "post_init_hook",
}
