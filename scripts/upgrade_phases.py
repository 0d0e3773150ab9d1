"""The phases of scripts/upgrade_check.py, each run in its own process on
the check's database: populate (data of every kind, noupdate edits, then the
previous release's record rules), fingerprint (after ``-u``), uninstall and
after_uninstall."""

import json
import os
from pathlib import Path

import upgrade_rules

ROOT = Path(__file__).resolve().parent.parent
MODULE = "hypercare_support"
# every addon of the repository, hypercare_support first
ADDONS = sorted(
    (p.parent.name for p in ROOT.glob("*/__manifest__.py")),
    key=lambda name: (name != MODULE, name),
)

# the edits of noupdate data, and where to read them back
NOUPDATE_EDITS = [
    ("hypercare_support.ir_cron_sla_scan", {"interval_number": 17}),
    ("hypercare_support.ir_cron_standup_summary", {"interval_number": 2}),
    (
        "hypercare_support.project_task_rule_hypercare_user",
        {
            "name": "Hypercare ticket: reporter reads own (customised)",
            "domain_force": "[('hypercare_reporter_id', '=', user.id), "
            "('hypercare_charter_id', '!=', False), ('active', 'in', [True, False])]",
        },
    ),
    (
        "hypercare_support.mail_template_hypercare_standup",
        {"subject": "Customised stand-up subject"},
    ),
]
TICKET_FIELDS = [
    "name",
    "project_id",
    "stage_id",
    "state",
    "active",
    "severity_id",
    "issue_type",
    "support_layer",
    "triage_decision",
    "hypercare_reporter_id",
    "date_reported",
    "date_acknowledged",
    "date_triaged",
    "date_resolved",
    "response_deadline",
    "resolution_deadline",
    "sla_response_status",
    "sla_resolution_status",
    "sla_breached",
    "description",
]
FINGERPRINT = {
    "hypercare.charter": [
        "name",
        "state",
        "company_id",
        "project_id",
        "platform",
        "go_live_date",
        "planned_end_date",
        "calendar_id",
        "incident_lead_id",
        "bau_contact_id",
        "sla_target",
        "reopen_days",
        "baseline_weekly_volume",
    ],
    "hypercare.severity": [
        "charter_id",
        "name",
        "level",
        "response_hours",
        "resolution_hours",
        "business_hours_only",
        "warning_ratio",
    ],
    "hypercare.champion": ["charter_id", "user_id", "function", "phone", "on_call"],
    "hypercare.exit.criterion": [
        "charter_id",
        "name",
        "kind",
        "threshold",
        "required",
        "signed_by_id",
        "date_signed",
        "evidence",
    ],
    "hypercare.first.close": ["charter_id", "period_end", "state", "outcome"],
    "hypercare.first.close.item": ["first_close_id", "name", "done", "required"],
    "hypercare.extension": [
        "charter_id",
        "previous_end_date",
        "new_end_date",
        "reason",
        "unmet_criterion_ids",
    ],
    "hypercare.function.mapping": ["charter_id", "function", "model_ids"],
    "project.project": ["name", "privacy_visibility", "type_ids"],
    "project.task.type": [
        "name",
        "sequence",
        "hypercare_pauses_sla",
        "hypercare_resolves",
    ],
    "project.task": TICKET_FIELDS,
    # the bridges' data (hypercare_support_timesheet, hypercare_support_knowledge)
    "account.analytic.line": ["name", "task_id", "user_id", "unit_amount", "date"],
    "document.page": [
        "name",
        "type",
        "parent_id",
        "hypercare_charter_id",
        "hypercare_search_text",
    ],
    "hypercare.self.help.deflection": ["charter_id", "user_id", "page_id", "query"],
}
# fields of the bridges on the charter
FINGERPRINT["hypercare.charter"] += ["partner_hours_budget", "knowledge_category_id"]


def _env(db):
    import odoo  # noqa: PLC0415 (only in the phase subprocesses)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", os.environ["HC_UPGRADE_CONF"], "-d", db])
    registry = Registry(db)
    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


def _fingerprint(env, ids):
    data = {}
    for model, fnames in FINGERPRINT.items():
        records = env[model].with_context(active_test=False).browse(ids[model])
        rows = records.read([f for f in fnames if f in records._fields], load=None)
        data[model] = sorted(
            (json.loads(json.dumps(row, default=str)) for row in rows),
            key=lambda row: row["id"],
        )
    data["noupdate"] = {}
    for xmlid, vals in NOUPDATE_EDITS:
        record = env.ref(xmlid, raise_if_not_found=False)
        data["noupdate"][xmlid] = (
            {fname: str(record[fname]) for fname in vals} if record else None
        )
    return data


def phase_populate(db, out):
    """Charters, tickets in every state, the whole data model; noupdate edits."""
    from datetime import datetime, timedelta  # noqa: PLC0415

    from odoo import Command, fields  # noqa: PLC0415

    env = _env(db)
    now = fields.Datetime.now()
    Users = env["res.users"].with_context(no_reset_password=True)
    user = Users.create(
        {
            "name": "Ursula Upgrade",
            "login": "hc_upgrade_user",
            "group_ids": [Command.link(env.ref("base.group_user").id)],
        }
    )
    champion = Users.create(
        {
            "name": "Chris Champion",
            "login": "hc_upgrade_champion",
            "group_ids": [
                Command.link(env.ref("base.group_user").id),
                Command.link(env.ref("hypercare_support.group_hypercare_champion").id),
            ],
        }
    )
    env.company.country_id = env.ref("base.be")
    Charter = env["hypercare.charter"]
    today = fields.Date.today()
    charter = Charter.create(
        {
            "name": "Upgrade go-live",
            "platform": "odoo",
            "go_live_date": today - timedelta(days=10),
            "planned_end_date": today + timedelta(days=30),
            "incident_lead_id": env.ref("base.user_admin").id,
            "bau_contact_id": champion.id,
            "baseline_weekly_volume": 12.0,
            "champion_ids": [
                Command.create(
                    {
                        "user_id": champion.id,
                        "function": "Finance",
                        "support_layer": "l1",
                        "phone": "+32 2 555 12 34",
                        "on_call": True,
                    }
                )
            ],
            "function_mapping_ids": [
                Command.create(
                    {
                        "function": "Finance",
                        "model_ids": [
                            Command.link(env["ir.model"]._get_id("res.partner"))
                        ],
                    }
                )
            ],
        }
    )
    charter.action_activate()
    draft = Charter.create(
        {
            "name": "Next go-live (draft)",
            "platform": "d365_bc",
            "go_live_date": today + timedelta(days=60),
            "planned_end_date": today + timedelta(days=120),
        }
    )
    charter.severity_ids.filtered(
        lambda s: s.level == "high" and s.phase != "bau"
    ).write({"response_hours": 3.0, "definition": "Edited by the customer"})
    Task = env["project.task"]
    stages = charter.project_id.type_ids.sorted("sequence")
    tickets = Task
    for index, (level, stage) in enumerate(
        [
            ("critical", stages[0]),
            ("high", stages[1]),
            ("medium", stages.filtered("hypercare_pauses_sla")[:1] or stages[1]),
            ("low", stages.filtered("hypercare_resolves")[:1] or stages[-1]),
        ]
    ):
        tickets |= Task.create(
            {
                "name": f"Upgrade ticket {index} ({level})",
                "project_id": charter.project_id.id,
                "severity_id": charter.severity_ids.filtered(
                    lambda s, lv=level: s.level == lv and s.phase != "bau"
                ).id,
                "stage_id": stage.id,
                "hypercare_reporter_id": user.id,
                "date_reported": now - timedelta(hours=2 + index),
                "description": f"<p>Issue number {index}</p>",
                "issue_type": ["defect", "how_to", "data", "training"][index],
            }
        )
    triaged = tickets[1].with_user(champion)
    triaged.write({"triage_decision": "workaround", "support_layer": "l2"})
    triaged.action_hypercare_triage()
    tickets[0].with_user(champion).action_hypercare_acknowledge()
    cancelled = Task.create(
        {"name": "Upgrade ticket cancelled", "project_id": charter.project_id.id}
    )
    cancelled.state = "1_canceled"
    tickets |= cancelled
    Task.sudo()._sla_scan()
    manual = charter.exit_criterion_ids.filtered(lambda c: c.kind == "manual")[:1]
    if manual:
        manual.write({"evidence": "Knowledge transfer signed off"})
        manual.action_sign()
    first_close = env["hypercare.first.close"].create(
        {
            "charter_id": charter.id,
            "period_end": today.replace(day=1) - timedelta(days=1),
            "item_ids": [Command.create({"name": "Bank reconciled", "done": True})],
        }
    )
    charter.action_extend(today + timedelta(days=45), "Open critical tickets")
    bridges = _populate_bridges(env, charter, tickets, user)
    # a plain project and task next to hypercare: must not be touched either
    plain = env["project.project"].create({"name": "Plain project"})
    plain_task = Task.create({"name": "Plain task", "project_id": plain.id})
    for xmlid, vals in NOUPDATE_EDITS:
        env.ref(xmlid).write(vals)
    # the database as the previous release left it: its record rules, its version
    old_release = upgrade_rules.make_old_release(env, ROOT, ADDONS)
    env.flush_all()
    charters = charter | draft
    ids = {
        "hypercare.charter": charters.ids,
        "hypercare.severity": charters.severity_ids.ids,
        "hypercare.champion": charters.champion_ids.ids,
        "hypercare.exit.criterion": charters.exit_criterion_ids.ids,
        "hypercare.first.close": first_close.ids,
        "hypercare.first.close.item": first_close.item_ids.ids,
        "hypercare.extension": charters.extension_ids.ids,
        "hypercare.function.mapping": charters.function_mapping_ids.ids,
        "project.project": (charters.project_id | plain).ids,
        "project.task.type": charters.project_id.type_ids.ids,
        "project.task": (tickets | plain_task).ids,
        **bridges,
    }
    result = {
        "ids": ids,
        "before": _fingerprint(env, ids),
        "at": str(datetime.now()),
        "old_release": old_release,
    }
    env.cr.commit()
    env.cr.close()
    Path(out).write_text(json.dumps(result, indent=1, default=str))


def _populate_bridges(env, charter, tickets, user):
    """The partner budget's timesheets and a knowledge page with its
    deflection; ``{model: ids}`` for the fingerprint."""
    from odoo import fields  # noqa: PLC0415

    admin = env.ref("base.user_admin")
    charter.write({"partner_hours_budget": 40.0, "partner_contact_id": admin.id})
    line = env["account.analytic.line"].create(
        {
            "name": "Partner analysis",
            "project_id": charter.project_id.id,
            "task_id": tickets[1].id,
            "employee_id": admin.employee_id.id,
            "unit_amount": 3.5,
            "date": fields.Date.today(),
        }
    )
    page = env["document.page"].create(
        {
            "name": "How to reprint a delivery slip",
            "parent_id": charter._hypercare_knowledge_category().id,
            "content": "<p>Print &gt; Delivery Slip.</p>",
        }
    )
    deflection = env["hypercare.self.help.deflection"].create(
        {
            "charter_id": charter.id,
            "user_id": user.id,
            "page_id": page.id,
            "query": "reprint slip",
        }
    )
    return {
        "account.analytic.line": line.ids,
        "document.page": (page | page.parent_id).ids,
        "hypercare.self.help.deflection": deflection.ids,
    }


def phase_fingerprint(db, out):
    env = _env(db)
    state = json.loads(Path(out).read_text())
    state["after"] = _fingerprint(env, state["ids"])
    # the previous release's rules must have become the current ones
    customised = {xmlid for xmlid, _vals in NOUPDATE_EDITS}
    state["rule_problems"] = upgrade_rules.check_rules(env, ROOT, ADDONS, customised)
    state["rules_checked"] = upgrade_rules.count_rules(ROOT, ADDONS) - len(customised)
    env.cr.close()
    Path(out).write_text(json.dumps(state, indent=1, default=str))


def phase_uninstall(db, out):
    env = _env(db)
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    module.button_immediate_uninstall()
    env.cr.commit()
    env.cr.close()


def phase_after_uninstall(db, out):
    env = _env(db)
    state = json.loads(Path(out).read_text())
    ids = state["ids"]
    before = state["before"]
    problems = []
    for module in env["ir.module.module"].search([("name", "in", ADDONS)]):
        if module.state != "uninstalled":
            problems.append(f"{module.name} is {module.state}, not uninstalled")
    for model, fnames in (("project.project", ["name"]), ("project.task", ["name"])):
        records = env[model].with_context(active_test=False).browse(ids[model])
        found = {row["id"]: row for row in records.exists().read(fnames, load=None)}
        for row in before[model]:
            kept = found.get(row["id"])
            if not kept:
                problems.append(f"{model} {row['id']} ({row['name']}) deleted")
            elif kept["name"] != row["name"]:
                problems.append(f"{model} {row['id']} renamed to {kept['name']}")
    env.cr.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_name LIKE 'hypercare%%'"
    )
    leftovers = [row[0] for row in env.cr.fetchall()]
    if leftovers:
        problems.append(f"tables left behind: {', '.join(sorted(leftovers))}")
    env.cr.execute(
        "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger "
        "WHERE tgname LIKE '%%hypercare%%' "
        "OR tgfoid::regproc::text LIKE '%%hypercare%%'"
    )
    triggers = [row[0] for row in env.cr.fetchall()]
    if triggers:
        problems.append(f"triggers left behind: {', '.join(sorted(triggers))}")
    # the tables the triggers were on still take rows
    try:
        with env.cr.savepoint():
            env["project.task"].create(
                {"name": "After uninstall", "project_id": ids["project.project"][0]}
            ).unlink()
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        problems.append(f"a task cannot be created after uninstall: {error}")
    env.cr.close()
    state["uninstall_problems"] = problems
    Path(out).write_text(json.dumps(state, indent=1, default=str))


PHASES = {
    "populate": phase_populate,
    "fingerprint": phase_fingerprint,
    "uninstall": phase_uninstall,
    "after_uninstall": phase_after_uninstall,
}
