"""Charter templates per platform: the severity matrix and the project stages.

Hours follow the practitioner benchmarks of the hypercare article (P1: respond
within the hour, resolve in about four, wall clock; P2: 1-4 h / 8-24 h; P3:
4 h to one business day / 2-5 business days). A business day is 8 working
hours of the charter's calendar.
"""

# the platform's usual hypercare window: the default planned end after go-live
PLATFORM_WINDOWS = {"odoo": 42, "d365_bc": 30, "d365_fo": 56, "other": 42}  # days

SEVERITY_DEFINITIONS = {
    "critical": "Complete outage or a critical end-to-end process fully blocked "
    "(cannot post financials, invoice, confirm shipments, run payroll) with no "
    "viable workaround: revenue, customers, the financial close or compliance "
    "are at risk.",
    "high": "Major functionality impaired for several users, roles or processes; "
    "a workaround exists but is difficult; data integrity or customer "
    "service is degraded.",
    "medium": "Minor or partial issue limited to one user or a non-critical "
    "process with an acceptable workaround, or a training gap.",
    "low": "Question, cosmetic issue or enhancement request with no business "
    "impact today.",
}

# (level, name, response_hours, resolution_hours, business_hours_only)
SEVERITY_TEMPLATES = {
    "odoo": [
        ("critical", "P1 / Critical", 1.0, 4.0, False),
        ("high", "P2 / High", 2.0, 16.0, False),
        ("medium", "P3 / Medium", 4.0, 24.0, True),
        ("low", "P4 / Low", 8.0, 40.0, True),
    ],
    "d365_bc": [
        ("critical", "P1 / Critical", 1.0, 4.0, False),
        ("high", "P2 / High", 4.0, 24.0, False),
        ("medium", "P3 / Medium", 8.0, 24.0, True),
        ("low", "P4 / Low", 16.0, 80.0, True),
    ],
    "d365_fo": [
        ("critical", "P1 / Critical", 0.5, 4.0, False),
        ("high", "P2 / High", 1.0, 8.0, False),
        ("medium", "P3 / Medium", 4.0, 16.0, True),
        ("low", "P4 / Low", 8.0, 40.0, True),
    ],
    "other": [
        ("critical", "P1 / Critical", 1.0, 4.0, False),
        ("high", "P2 / High", 4.0, 24.0, False),
        ("medium", "P3 / Medium", 8.0, 40.0, True),
        ("low", "P4 / Low", 16.0, 80.0, True),
    ],
}

# the business-as-usual matrix that applies after hypercare (and that the
# sustained SLA exit criterion measures against): the support desk's standard
# terms, looser than the hypercare ones at every level
# (level, name, response_hours, resolution_hours, business_hours_only)
BAU_SEVERITY_TEMPLATES = {
    "odoo": [
        ("critical", "BAU P1 / Critical", 2.0, 8.0, False),
        ("high", "BAU P2 / High", 4.0, 24.0, True),
        ("medium", "BAU P3 / Medium", 8.0, 40.0, True),
        ("low", "BAU P4 / Low", 16.0, 80.0, True),
    ],
    "d365_bc": [
        ("critical", "BAU P1 / Critical", 2.0, 8.0, False),
        ("high", "BAU P2 / High", 8.0, 40.0, True),
        ("medium", "BAU P3 / Medium", 16.0, 40.0, True),
        ("low", "BAU P4 / Low", 24.0, 120.0, True),
    ],
    "d365_fo": [
        ("critical", "BAU P1 / Critical", 1.0, 8.0, False),
        ("high", "BAU P2 / High", 4.0, 24.0, True),
        ("medium", "BAU P3 / Medium", 8.0, 40.0, True),
        ("low", "BAU P4 / Low", 16.0, 80.0, True),
    ],
    "other": [
        ("critical", "BAU P1 / Critical", 2.0, 8.0, False),
        ("high", "BAU P2 / High", 8.0, 40.0, True),
        ("medium", "BAU P3 / Medium", 16.0, 80.0, True),
        ("low", "BAU P4 / Low", 24.0, 120.0, True),
    ],
}
BAU_SEQUENCE_OFFSET = 100  # BAU rows sort after the hypercare ones

# (name, sequence, fold, pauses SLA, resolves)
STAGE_TEMPLATE = [
    ("New", 1, False, False, False),
    ("Triaged", 2, False, False, False),
    ("In progress", 3, False, False, False),
    ("Waiting for user", 4, False, True, False),
    ("Resolved", 5, True, False, True),
]
