#!/usr/bin/env python3
"""Upgrade and uninstall check of the addons on a database of their own.

    .venv/bin/python scripts/upgrade_check.py [--db NAME] [--keep]

1. install every addon of the repository into a fresh database;
2. create charters, tickets in every state and the rest of the data model,
   and edit ``noupdate`` data the way a customer does (cron intervals, a
   record rule, the stand-up mail template); then make it a database of the
   previous release: the record rules our migrations change get their old
   domains back, the ones they add go, the installed version goes back
   (upgrade_rules.py);
3. ``odoo-bin -u hypercare_support`` (the migrations run): every record and
   every edit must be intact (field by field), every record rule of the
   addons' security files as the files say (the customer's edit excepted);
4. uninstall (``button_immediate_uninstall``): the projects and tasks
   themselves must stay, the hypercare tables must be gone.

Exits non-zero, naming each difference, when anything is lost. Environment:
ODOO_SRC (default /opt/odoo/19.0) and the standard PG* variables. The
database is dropped at the end unless --keep. The phases are in
upgrade_phases.py.
"""

import argparse
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from upgrade_phases import ADDONS, MODULE, NOUPDATE_EDITS, PHASES, ROOT

ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))
# where OCA wheels (helpdesk_mgmt) install their addons
WHEEL_ADDONS = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"


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
        f"addons_path = {ODOO_SRC / 'addons'},{WHEEL_ADDONS},{ROOT}\n"
        f"data_dir = {workdir / 'data'}\n"
    )
    os.environ["HC_UPGRADE_CONF"] = str(conf)
    out = workdir / "state.json"
    log = workdir / "odoo.log"
    odoo_bin = [sys.executable, str(ODOO_SRC / "odoo-bin"), "-c", str(conf)]
    me = [sys.executable, __file__, "--db", args.db, "--out", str(out)]
    common = ["--stop-after-init", "--no-http", "--log-level=warn"]

    addons = ",".join(ADDONS)
    print(f"==> upgrade check of {addons} on database {args.db} (log: {log})")
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    try:
        print("==> install")
        run([*odoo_bin, "-d", args.db, "-i", addons, *common], log)
        print("==> create data, edit noupdate records, back to the previous release")
        run([*me, "--phase", "populate"], log)
        state = json.loads(out.read_text())
        for addon, version in state["old_release"].items():
            print(f"    {addon} as installed by {version}")
        print(f"==> upgrade (-u {MODULE}: migrations, then data)")
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
        problems += state["rule_problems"]
        print(
            f"    {state['rules_checked']} record rules compared with the security "
            f"files: {len(state['rule_problems'])} difference(s)"
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
    print(
        "\nupgrade check passed: every record and edit intact, the previous "
        "release's rules updated, uninstall clean"
    )


if __name__ == "__main__":
    main()
