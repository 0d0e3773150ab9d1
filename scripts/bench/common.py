"""Constants of the benchmark (targets, ticket mix) and small helpers."""

import statistics
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
MODULE = "hypercare_support"
MIB = 1024 * 1024
OUT_DIR = REPO / ".local" / "benchmark"

# SPEC: every target passes with 10 % to spare on the cpu column
SPARE = 0.10

TARGETS = {
    "scan_idle": ("SLA scan, none changing", 5.0, "ms"),
    "scan_1000": ("SLA scan, 1 000 changing, committed", 2000.0, "ms"),
    "create_ratio": ("creation on business hours vs plain", 90.0, "%"),
    "exit_gate": ("exit-gate evaluation", 100.0, "ms"),
    "kanban": ("champion kanban first page", 300.0, "ms"),
    "dashboard": ("dashboard data, one charter", 150.0, "ms"),
    # issue 13: the adoption tiles and charts fit in the dashboard's 150 ms
    "adoption": ("adoption metrics of the dashboard", 50.0, "ms"),
    # issue 19: "the edit answers within 2 s with 10 000 open tickets"
    "severity_edit": ("severity edit, ~10 000 open tickets (request)", 2000.0, "ms"),
    # issue 17: proactive watch
    "watch_rules": ("50 watch rules, 100 000-record tables", 500.0, "ms"),
    # issue 15: the knowledge bridge's search "< 50 ms with 10 000 pages"
    "self_help_search": ("self-help search, 10 000 pages", 50.0, "ms"),
    # issue 14: the handover at close
    "closing": ("closing a charter, 10 000 open tickets, committed", 10000.0, "ms"),
    # issue 31: go-live floods
    "known_fix": ("fixing a known issue, 1 000 linked open tickets", 3000.0, "ms"),
    "known_suggest": ("known-issue suggestions for a typed title", 50.0, "ms"),
}

# Open-ticket mix (weights). Hours and business-hours flags come from the charters.
LEVEL_MIX = {"critical": 3, "high": 17, "medium": 50, "low": 30}
TYPE_MIX = {"defect": 45, "how_to": 25, "training": 10, "enhancement": 10, "data": 10}
LAYER_MIX = {"l1": 55, "l2": 30, "l3": 12, "l4": 3}
# stage name (STAGE_TEMPLATE of the module) -> weight, for open tickets
OPEN_STAGE_MIX = {"New": 30, "Triaged": 25, "In progress": 35, "Waiting for user": 10}
DECISIONS = ["fix", "workaround", "training"]
FUNCTIONS = ["Finance", "Sales", "Warehouse", "Purchase", "Manufacturing", "HR"]
WEEKS = 6
# no ticket of the fixture may come due within this window (scan "none changing")
QUIET_WINDOW = timedelta(minutes=45)
# the context of bulk creation without chatter noise (template rows, measure 3)
QUIET_CREATE = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}


def pick(rng, mix):
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def ms(seconds):
    return round(seconds * 1000.0, 3)


def summary(samples_ms):
    return {
        "median": round(statistics.median(samples_ms), 3),
        "min": round(min(samples_ms), 3),
        "max": round(max(samples_ms), 3),
        "runs": len(samples_ms),
        "samples": [round(s, 3) for s in samples_ms],
    }


def cpu_summary(samples_ms):
    return {
        "cpu_median": round(statistics.median(samples_ms), 3),
        "cpu_min": round(min(samples_ms), 3),
        "cpu_max": round(max(samples_ms), 3),
    }


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)
