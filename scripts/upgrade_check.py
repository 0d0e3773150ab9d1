#!/usr/bin/env python3
"""Upgrade and uninstall check of hypercare_support on a database of its own.

    .venv/bin/python scripts/upgrade_check.py [--db NAME] [--keep]

1. install hypercare_support into a fresh database;
2. create charters, tickets in every state and the rest of the data model,
   and edit ``noupdate`` data the way a customer does (cron intervals, a
   record rule, the stand-up mail template);
3. ``odoo-bin -u hypercare_support``: every record and every edit must be
   intact (field by field);
4. uninstall (``button_immediate_uninstall``): the projects and tasks
   themselves must stay, the hypercare tables must be gone.

Exits non-zero, naming each difference, when anything is lost. Environment:
ODOO_SRC (default /opt/odoo/19.0) and the standard PG* variables. The
database is dropped at the end unless --keep.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))
MODULE = "hypercare_support"

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
}


# ---------------------------------------------------------------- phases (in Odoo)


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
    charter.severity_ids.filtered(lambda s: s.level == "high").write(
        {"response_hours": 3.0, "definition": "Edited by the customer"}
    )
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
                    lambda s, lv=level: s.level == lv
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
    # a plain project and task next to hypercare: must not be touched either
    plain = env["project.project"].create({"name": "Plain project"})
    plain_task = Task.create({"name": "Plain task", "project_id": plain.id})
    for xmlid, vals in NOUPDATE_EDITS:
        env.ref(xmlid).write(vals)
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
    }
    result = {"ids": ids, "before": _fingerprint(env, ids), "at": str(datetime.now())}
    env.cr.commit()
    env.cr.close()
    Path(out).write_text(json.dumps(result, indent=1, default=str))


def phase_fingerprint(db, out):
    env = _env(db)
    state = json.loads(Path(out).read_text())
    state["after"] = _fingerprint(env, state["ids"])
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
    module = env["ir.module.module"].search([("name", "=", MODULE)])
    if module.state != "uninstalled":
        problems.append(f"{MODULE} is {module.state}, not uninstalled")
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
    env.cr.close()
    state["uninstall_problems"] = problems
    Path(out).write_text(json.dumps(state, indent=1, default=str))


PHASES = {
    "populate": phase_populate,
    "fingerprint": phase_fingerprint,
    "uninstall": phase_uninstall,
    "after_uninstall": phase_after_uninstall,
}


# ---------------------------------------------------------------- orchestration


def run(cmd, log):
    print("    $ " + " ".join(str(c) for c in cmd), flush=True)
    with open(log, "a") as handle:
        handle.write("\n$ " + " ".join(str(c) for c in cmd) + "\n")
        handle.flush()
        result = subprocess.run(cmd, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode:
        sys.exit(f"FAILED (exit {result.returncode}), see {log}")


def compare(before, after):
    problems = []
    for model, rows in before.items():
        if model == "noupdate":
            continue
        after_rows = {row["id"]: row for row in after.get(model, [])}
        for row in rows:
            kept = after_rows.get(row["id"])
            if kept is None:
                problems.append(f"{model} {row['id']} lost")
                continue
            for fname, value in row.items():
                if kept.get(fname) != value:
                    problems.append(
                        f"{model} {row['id']}.{fname}: {value!r} -> {kept.get(fname)!r}"
                    )
    for xmlid, vals in before["noupdate"].items():
        if after["noupdate"].get(xmlid) != vals:
            now = after["noupdate"].get(xmlid)
            problems.append(f"noupdate edit of {xmlid} lost: {vals} -> {now}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="hc_hard_upgrade")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        PHASES[args.phase](args.db, args.out)
        return

    workdir = Path(tempfile.mkdtemp(prefix="hc_upgrade_"))
    conf = workdir / "odoo.conf"
    conf.write_text(
        "[options]\n"
        f"addons_path = {ODOO_SRC / 'addons'},{ROOT}\n"
        f"data_dir = {workdir / 'data'}\n"
    )
    os.environ["HC_UPGRADE_CONF"] = str(conf)
    out = workdir / "state.json"
    log = workdir / "odoo.log"
    odoo_bin = [sys.executable, str(ODOO_SRC / "odoo-bin"), "-c", str(conf)]
    me = [sys.executable, __file__, "--db", args.db, "--out", str(out)]
    common = ["--stop-after-init", "--no-http", "--log-level=warn"]

    print(f"==> upgrade check of {MODULE} on database {args.db} (log: {log})")
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    try:
        print("==> install")
        run([*odoo_bin, "-d", args.db, "-i", MODULE, *common], log)
        print("==> create data and edit noupdate records")
        run([*me, "--phase", "populate"], log)
        print(f"==> upgrade (-u {MODULE})")
        run([*odoo_bin, "-d", args.db, "-u", MODULE, *common], log)
        run([*me, "--phase", "fingerprint"], log)
        state = json.loads(out.read_text())
        problems = compare(state["before"], state["after"])
        counted = sum(
            len(rows) for m, rows in state["before"].items() if m != "noupdate"
        )
        print(
            f"    {counted} records and {len(NOUPDATE_EDITS)} noupdate edits compared "
            f"field by field: {len(problems)} difference(s)"
        )
        print("==> uninstall")
        run([*me, "--phase", "uninstall"], log)
        run([*me, "--phase", "after_uninstall"], log)
        state = json.loads(out.read_text())
        problems += state["uninstall_problems"]
        print(
            f"    {len(state['ids']['project.project'])} projects and "
            f"{len(state['ids']['project.task'])} tasks checked after uninstall"
        )
    finally:
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)
    if problems:
        print("\nupgrade check FAILED:")
        for problem in problems:
            print(f"  - {problem}")
        sys.exit(1)
    print("\nupgrade check passed: every record and edit intact, uninstall clean")


if __name__ == "__main__":
    main()
