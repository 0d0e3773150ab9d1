"""Charter templates per platform: the severity matrix and the project stages.

Hours follow the practitioner benchmarks of the hypercare article (P1: respond
within the hour, resolve in about four, wall clock; P2: 1-4 h / 8-24 h; P3:
4 h to one business day / 2-5 business days). A business day is 8 working
hours of the charter's calendar.
"""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

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

# (name, sequence, fold, pauses SLA, resolves); the names are translated
# into every installed language when a charter's project is created
STAGE_TEMPLATE = [
    (_lt("New"), 1, False, False, False),
    (_lt("Triaged"), 2, False, False, False),
    (_lt("In progress"), 3, False, False, False),
    (_lt("Waiting for user"), 4, False, True, False),
    (_lt("Resolved"), 5, True, False, True),
]

# Proactive watch of an Odoo go-live (platform odoo only). A watch trips when
# at least ``count`` records match ``domain`` with ``date_field`` older than
# ``age`` (``unit``); ``since_go_live`` counts only records dated from
# go-live on. ``app`` names the module a template needs: without it the
# rule is provisioned switched off, with the reason.
WATCH_TEMPLATES = [
    {
        "key": "cron_failing",
        "name": "Scheduled actions failing",
        "model_name": "ir.cron",
        "domain": "[('failure_count', '>', 0)]",
        "date_field_name": "first_failure_date",
        "age_value": 0,
        "age_unit": "hours",
        "severity_level": "high",
        "business_function": "IT",
    },
    {
        "key": "cron_deactivated",
        "name": "Scheduled actions deactivated since go-live",
        "model_name": "ir.cron",
        # it has run, and its next run was due after go-live: it was running
        # then and stopped since (by hand, or by Odoo after repeated failures)
        "domain": "[('active', '=', False), ('lastcall', '!=', False)]",
        "date_field_name": "nextcall",
        "since_go_live": True,
        "age_value": 0,
        "age_unit": "hours",
        "severity_level": "high",
        "business_function": "IT",
    },
    {
        "key": "mail_exception",
        "name": "Outgoing e-mails failing",
        "model_name": "mail.mail",
        "domain": "[('state', '=', 'exception')]",
        "date_field_name": "create_date",
        "age_value": 0,
        "age_unit": "hours",
        "severity_level": "high",
        "business_function": "IT",
    },
    {
        "key": "fetchmail_failing",
        "name": "Incoming mail servers failing",
        "model_name": "fetchmail.server",
        "domain": "[('state', '=', 'done'), ('error_date', '!=', False)]",
        "date_field_name": "error_date",
        "age_value": 0,
        "age_unit": "hours",
        "severity_level": "high",
        "business_function": "IT",
    },
    {
        "key": "invoice_draft",
        "name": "Customer invoices stuck in draft",
        "app": "account",
        "model_name": "account.move",
        "domain": "[('move_type', '=', 'out_invoice'), ('state', '=', 'draft')]",
        "date_field_name": "create_date",
        "age_value": 3,
        "age_unit": "days",
        "severity_level": "medium",
        "business_function": "Finance",
    },
    {
        "key": "delivery_late",
        "name": "Deliveries late",
        "app": "stock",
        "model_name": "stock.picking",
        "domain": "[('picking_type_code', '=', 'outgoing'), "
        "('state', 'not in', ['draft', 'done', 'cancel'])]",
        "date_field_name": "scheduled_date",
        "age_value": 2,
        "age_unit": "days",
        "severity_level": "medium",
        "business_function": "Warehouse",
    },
    {
        "key": "statement_unreconciled",
        "name": "Bank statement lines unreconciled",
        "app": "account",
        "model_name": "account.bank.statement.line",
        "domain": "[('is_reconciled', '=', False)]",
        "date_field_name": "date",
        "age_value": 5,
        "age_unit": "days",
        "severity_level": "medium",
        "business_function": "Finance",
    },
]

# The go-live's first runs: ticked by the first record matching ``domain``
# with ``date_field_name`` on or after go-live; expected ``expected_days``
# after go-live.
FIRST_RUN_TEMPLATES = [
    {
        "key": "first_invoice",
        "name": "First customer invoice posted",
        "app": "account",
        "model_name": "account.move",
        "domain": "[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        "date_field_name": "invoice_date",
        "expected_days": 7,
    },
    {
        "key": "first_vendor_payment",
        "name": "First vendor payment",
        "app": "account",
        "model_name": "account.payment",
        "domain": "[('payment_type', '=', 'outbound'), "
        "('partner_type', '=', 'supplier'), "
        "('state', 'not in', ['draft', 'canceled', 'rejected'])]",
        "date_field_name": "date",
        "expected_days": 14,
    },
    {
        "key": "first_inventory_adjustment",
        "name": "First inventory adjustment",
        "app": "stock",
        "model_name": "stock.move",
        "domain": "[('is_inventory', '=', True), ('state', '=', 'done')]",
        "date_field_name": "date",
        "expected_days": 14,
    },
    {
        "key": "first_payroll",
        "name": "First payroll",
        "app": "hr_payroll",
        "model_name": "hr.payslip",
        "domain": "[('state', 'in', ['done', 'paid'])]",
        "date_field_name": "date_to",
        "expected_days": 35,
    },
    {
        "key": "first_lock_date",
        "name": "First month-end lock date set",
        "app": "account",
        "model_name": "res.company",
        "domain": "[('fiscalyear_lock_date', '!=', False)]",
        "date_field_name": "fiscalyear_lock_date",
        "expected_days": 45,
    },
]
