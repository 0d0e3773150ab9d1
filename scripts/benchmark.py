#!/usr/bin/env python3
"""Benchmark of hypercare_support at 100 000 tickets (SPEC.md "Performance targets").

    .venv/bin/python scripts/benchmark.py [--tickets 100000] [--db hc_bench]
    scripts/benchmark [same options]      # also sets up the venv and PostgreSQL

Builds a fresh database with hypercare_support (``odoo-bin -i ... --stop-after-init``),
loads N open tickets (plus a history of closed ones) with bulk SQL, every column the
ticket mixin computes filled consistently (a sample is recomputed by the ORM and
compared), then measures through the ORM, in this process:

1. the SLA scan with no ticket changing status;
2. the scan with 1 000 tickets changing status, notifications and commit included;
3. batch creation of 10 000 tickets on a business-hours calendar against plain
   ``project.task`` creation of the same batch, in the same run;
4. the exit-gate evaluation of one charter (if the exit gate is implemented);
5. the champion's triage board first page (``web_search_read``, 80 cards,
   ``count_limit``), as a champion user;
6. a per-ticket baseline scan (the design of OCA's pre-2025 ``helpdesk_mgmt_sla``
   cron) on the same data, and the ratio of (1) and (2) to it;
7. how (1) grows from N/10 to N open tickets, and the scan's peak memory.

Prints a table and writes a JSON file (default ``bench-results.json`` at the repo
root). A measurement that misses its target is run once more under cProfile; the
profile summary goes to the JSON (``profiles``) and in full to
``.local/benchmark/profile-<name>.txt``.

The database is taken from libpq's defaults (``PG*`` variables, else the local unix
socket), unless ``--config`` names an Odoo configuration file.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULE = "hypercare_support"
MIB = 1024 * 1024

TARGETS = {
    "scan_idle": ("SLA scan, none changing", 5.0, "ms"),
    "scan_1000": ("SLA scan, 1 000 changing, committed", 2000.0, "ms"),
    "create_ratio": ("creation on business hours vs plain", 90.0, "%"),
    "exit_gate": ("exit-gate evaluation", 100.0, "ms"),
    "kanban": ("champion kanban first page", 300.0, "ms"),
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
# Proposed changes the benchmark can apply to show their effect (--what-if).
WHAT_IF = {
    "board-index": (
        "index for the triage board's default order (date_reported desc, id desc)",
        "CREATE INDEX project_task__hypercare_board_order_index ON project_task"
        " (date_reported DESC, id DESC) WHERE hypercare_charter_id IS NOT NULL",
    ),
    "exit-index": (
        "covering index for the exit-gate aggregate (index-only scan)",
        "CREATE INDEX project_task__hypercare_exit_cover_index ON project_task"
        " (hypercare_charter_id) INCLUDE (hypercare_state, hypercare_is_open,"
        " severity_level, date_reported, date_acknowledged, date_resolved,"
        " response_deadline, resolution_deadline)"
        " WHERE hypercare_charter_id IS NOT NULL",
    ),
    "scan-notrack": (
        "scan under mail_notrack (no tracking message for the escalation write)",
        None,
    ),
    "scan-queue-mail": (
        "scan under mail_notify_force_send=False (digest e-mail queued, not sent"
        " at commit)",
        None,
    ),
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


# ----------------------------------------------------------------------------
# Machine, database and Odoo bootstrap
# ----------------------------------------------------------------------------


def machine_info():
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_start": list(os.getloadavg()),
    }
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def odoo_src():
    import odoo.release

    return Path(odoo.release.__file__).resolve().parent.parent


def write_config(path, db):
    """An Odoo configuration for libpq's defaults (PG* variables or local socket)."""
    import sysconfig

    src = odoo_src()
    paths = [src / "odoo" / "addons", src / "addons"]
    wheels = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"
    if wheels.is_dir():
        paths.append(wheels)
    paths.append(REPO)
    data_dir = REPO / ".local" / "benchmark" / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[options]\n"
        f"addons_path = {','.join(str(p) for p in paths if p.is_dir())}\n"
        f"data_dir = {data_dir}\n"
        f"db_name = {db}\n"
        "list_db = False\n"
        "max_cron_threads = 0\n"
    )
    return path


def pg_connect(dbname="postgres"):
    """A libpq connection with the db_* options of the Odoo configuration."""
    import psycopg2

    from odoo.tools import config

    params = {"dbname": dbname}
    for key, opt in (
        ("host", "db_host"),
        ("port", "db_port"),
        ("user", "db_user"),
        ("password", "db_password"),
    ):
        value = config.get(opt)
        if value:
            params[key] = value
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def vacuum(
    dbname,
    tables=(
        "project_task",
        "project_task_user_rel",
        "mail_followers",
        "mail_followers_mail_message_subtype_rel",
    ),
):
    """VACUUM ANALYZE after a bulk load: hint bits, visibility map and statistics
    as autovacuum keeps them on a live database."""
    conn = pg_connect(dbname)
    with conn.cursor() as cr:
        cr.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    conn.close()


def prepare_database(args, conf):
    """Drop and recreate the benchmark database with the module installed."""
    conn = pg_connect()
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (args.db,))
        if cr.fetchone():
            log(f"dropping database {args.db}")
            cr.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
        if args.from_template:
            log(f"creating {args.db} from template {args.from_template}")
            cr.execute(f'CREATE DATABASE "{args.db}" TEMPLATE "{args.from_template}"')
    conn.close()
    if args.from_template:
        return 0.0
    log(f"installing {MODULE} into a new database {args.db} (odoo-bin -i)")
    t0 = time.perf_counter()
    cmd = [
        sys.executable,
        str(odoo_src() / "odoo-bin"),
        "-c",
        str(conf),
        "-d",
        args.db,
        "-i",
        MODULE,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or " ERROR " in proc.stderr or " CRITICAL " in proc.stderr:
        sys.stderr.write(proc.stderr[-6000:])
        sys.exit(f"installing {MODULE} into {args.db} failed")
    return time.perf_counter() - t0


def odoo_env(conf, db):
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn", "--no-http"])
    odoo.tools.config["max_cron_threads"] = 0
    registry = Registry(db)
    cr = registry.cursor()
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    ctx = env["res.users"].context_get()
    return registry, cr, api.Environment(cr, api.SUPERUSER_ID, ctx)


# ----------------------------------------------------------------------------
# Fixture: charters and users with the ORM, tickets with bulk SQL
# ----------------------------------------------------------------------------


class Fixture:
    """Two charters (one on a business-hours calendar, one wall clock 24/7), users,
    and the bulk loader of tickets whose computed columns match the ORM's."""

    def __init__(self, env, seed, now):
        from odoo.addons.hypercare_support.models import hypercare_ticket_mixin as mx

        self.env = env
        self.mx = mx
        self.rng = random.Random(seed)
        self.now = now
        self.Task = env["project.task"]
        self.ids_open = []
        self.ids_closed = []

    # -- ORM setup -----------------------------------------------------------

    def setup(self):
        env = self.env
        new_user = self._new_user
        company = env.company
        company.country_id = env.ref("base.be")
        self.calendar = env["resource.calendar"].create(
            {
                "name": "Brussels 9-17 (benchmark)",
                "tz": "Europe/Brussels",
                "company_id": company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for start, end, period in (
                        (9.0, 12.5, "morning"),
                        (13.0, 17.0, "afternoon"),
                    )
                ],
            }
        )
        # a public holiday inside the six weeks (and one ahead), as resource leaves
        for days in (-17, 11):
            day = (self.now + timedelta(days=days)).replace(hour=0, minute=0, second=0)
            env["resource.calendar.leaves"].create(
                {
                    "name": "Public holiday",
                    "calendar_id": self.calendar.id,
                    "date_from": day,
                    "date_to": day + timedelta(hours=23, minutes=59),
                }
            )
        # one incident lead per charter: with one lead for both, the scan's
        # activities hit an Odoo bug (project.task.message_subscribe removes the
        # lead twice when a batch spans both projects); see BENCHMARKS.md
        self.leads = [
            new_user(f"bench_lead{i}", f"Incident Lead {i}", "manager") for i in (1, 2)
        ]
        self.manager = new_user("bench_manager", "Marc Manager", "manager")
        self.champions = [
            new_user(f"bench_champion{i}", f"Champion {i}", "champion")
            for i in range(6)
        ]
        self.champion = self.champions[0]
        self.owners = [
            new_user(f"bench_owner{i}", f"Owner {i}", "champion") for i in range(14)
        ]
        self.owners += self.champions
        self.reporters = [
            new_user(f"bench_user{i}", f"Key User {i}", "user") for i in range(40)
        ]
        go_live = (self.now - timedelta(weeks=WEEKS)).date()
        Charter = env["hypercare.charter"]
        common = {
            "go_live_date": go_live,
            "planned_end_date": go_live + timedelta(weeks=10),
            "baseline_weekly_volume": 400.0,
        }
        self.charter_bh = Charter.create(
            dict(
                common,
                name="Go-live Belgium (business hours)",
                incident_lead_id=self.leads[0].id,
                platform="odoo",
                calendar_id=self.calendar.id,
                champion_ids=self._champion_lines(),
            )
        )
        self.charter_24 = Charter.create(
            dict(
                common,
                name="Go-live US warehouses (24/7)",
                incident_lead_id=self.leads[1].id,
                platform="d365_bc",
                calendar_id=self.calendar.id,
                champion_ids=self._champion_lines(),
            )
        )
        self.charter_24.severity_ids.write({"business_hours_only": False})
        (self.charter_bh | self.charter_24).action_activate()
        self.charters = self.charter_bh | self.charter_24
        self.charter_info = {}
        for charter in self.charters:
            stages = {s.name: s for s in charter.project_id.type_ids}
            self.charter_info[charter.id] = {
                "charter": charter,
                "project": charter.project_id,
                "stages": stages,
                "severities": {s.level: s for s in charter.severity_ids},
                "calendar": charter._get_calendar(),
            }
        # the project of plain tasks for the creation comparison: no charter
        self.plain_project = env["project.project"].create(
            {
                "name": "Plain project (benchmark)",
                "privacy_visibility": "followers",
                "type_ids": [
                    (0, 0, {"name": name, "sequence": seq})
                    for seq, name in enumerate(
                        ["New", "Triaged", "In progress", "Waiting", "Done"], 1
                    )
                ],
            }
        )
        self.partner_of = {
            user.id: user.partner_id.id
            for user in self.owners + self.reporters + self.leads + [self.manager]
        }
        self.subtype_ids = (
            env["mail.message.subtype"].default_subtypes("project.task")[0].ids
        )
        self._template_rows()
        env.cr.commit()

    def _new_user(self, login, name, role):
        env = self.env
        groups = [env.ref("base.group_user").id]
        if role in ("champion", "manager"):
            groups.append(env.ref("project.group_project_user").id)
            groups.append(env.ref(f"{MODULE}.group_hypercare_{role}").id)
        return (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                {
                    "login": login,
                    "name": name,
                    "email": f"{login}@example.com",
                    "group_ids": [(6, 0, groups)],
                }
            )
        )

    def _champion_lines(self):
        return [
            (
                0,
                0,
                {
                    "user_id": user.id,
                    "function": FUNCTIONS[i % len(FUNCTIONS)],
                    "support_layer": "l1" if i < 4 else "l2",
                    "phone": f"+32 2 555 12 {30 + i:02d}",
                    "on_call": i == 0,
                },
            )
            for i, user in enumerate(self.champions)
        ]

    def _template_rows(self):
        """One ticket created by the ORM per charter: the columns outside the
        hypercare mixin are copied from it, so every other stored compute of
        project.task holds its ORM value."""
        ctx = dict(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
        )
        self.template = {}
        for info in self.charter_info.values():
            task = self.Task.with_context(**ctx).create(
                {"name": "Template", "project_id": info["project"].id}
            )
            task.flush_recordset()
            self.env.cr.execute("SELECT * FROM project_task WHERE id = %s", (task.id,))
            cols = [d.name for d in self.env.cr.description]
            row = dict(zip(cols, self.env.cr.fetchone(), strict=True))
            self.env.cr.execute("DELETE FROM project_task WHERE id = %s", (task.id,))
            self.template[info["charter"].id] = row
        own = set(self.INSERT_COLUMNS) | {"id"}
        self.template_cols = sorted(
            {
                col
                for row in self.template.values()
                for col, value in row.items()
                if value is not None and col not in own
            }
        )
        self.env.invalidate_all()

    # -- computed columns, as the mixin computes them --------------------------

    def deadlines(self, rows):
        """Fill the four deadline columns of the rows (dicts), per calendar in one
        go (the module's own ``add_working_hours``: no calendar query per ticket)."""
        by_calendar = defaultdict(list)
        for row in rows:
            sev = row["_sev"]
            paused = row["sla_paused_hours"] or 0.0
            ratio = sev.warning_ratio or 1.0
            hours = (
                sev.response_hours * ratio + paused,
                sev.response_hours + paused,
                sev.resolution_hours * ratio + paused,
                sev.resolution_hours + paused,
            )
            if sev.business_hours_only:
                by_calendar[row["_calendar"]].append((row, hours))
            else:
                start = row["date_reported"]
                self._set_deadlines(row, [start + timedelta(hours=h) for h in hours])
        for calendar, items in by_calendar.items():
            requests = [
                (row["date_reported"], h) for row, hours in items for h in hours
            ]
            planned = self.mx.add_working_hours(calendar, requests)
            for i, (row, _hours) in enumerate(items):
                self._set_deadlines(row, planned[4 * i : 4 * i + 4])

    @staticmethod
    def _set_deadlines(row, values):
        (
            row["response_warning_date"],
            row["response_deadline"],
            row["resolution_warning_date"],
            row["resolution_deadline"],
        ) = values

    def statuses(self, row, now):
        """Statuses, next deadline, notified marks and next check of a row."""
        clock_status = self.Task._sla_clock_status
        state = row["hypercare_state"]
        response = resolution = next_deadline = None
        if row["response_deadline"] and state != "cancelled":
            at = (
                row["sla_pause_start"]
                if state == "paused" and row["sla_pause_start"]
                else now
            )
            response = clock_status(
                row["date_acknowledged"],
                row["response_warning_date"],
                row["response_deadline"],
                at,
            )
            resolution = clock_status(
                row["date_resolved"],
                row["resolution_warning_date"],
                row["resolution_deadline"],
                at,
            )
            running = [
                d
                for e, d in (
                    (row["date_acknowledged"], row["response_deadline"]),
                    (row["date_resolved"], row["resolution_deadline"]),
                )
                if not e
            ]
            next_deadline = min(running) if running else None
        row["sla_response_status"] = response or None
        row["sla_resolution_status"] = resolution or None
        row["sla_breached"] = "failed" in (response, resolution)
        row["sla_status"] = self.Task._sla_worst(response, resolution) or None
        row["sla_next_deadline"] = next_deadline
        # what earlier scans notified: the worst status each clock reached
        for clock, status in (("response", response), ("resolution", resolution)):
            notified = status if status in ("at_risk", "failed") else None
            if status == "met":
                event = row[
                    "date_acknowledged" if clock == "response" else "date_resolved"
                ]
                if event >= row[f"{clock}_warning_date"]:
                    notified = "at_risk"
            row[f"sla_{clock}_notified"] = notified
        row["sla_next_check"] = self.next_check(row)

    def next_check(self, row):
        rank = self.mx.STATUS_RANK
        candidates = []
        if row["hypercare_state"] == "open" and row["response_deadline"]:
            for clock in ("response", "resolution"):
                status = row[f"sla_{clock}_status"]
                if status not in rank:
                    continue
                notified = min(rank.get(row[f"sla_{clock}_notified"], 0), rank[status])
                if notified == 0:
                    candidates.append(row[f"{clock}_warning_date"])
                elif notified == 1:
                    candidates.append(row[f"{clock}_deadline"] + timedelta(seconds=1))
        return min(candidates) if candidates else None

    # -- ticket rows ------------------------------------------------------------

    def _base_row(self, info, level):
        rng = self.rng
        sev = info["severities"][level]
        return {
            "_info": info,
            "_sev": sev,
            "_calendar": info["calendar"],
            "_owner": None,
            "project_id": info["project"].id,
            "hypercare_charter_id": info["charter"].id,
            "severity_id": sev.id,
            "severity_level": level,
            "issue_type": pick(rng, TYPE_MIX),
            "support_layer": pick(rng, LAYER_MIX),
            "hypercare_reporter_id": rng.choice(self.reporters).id,
            "priority": "1" if rng.random() < 0.15 else "0",
            "sla_paused_hours": 0.0,
            "sla_pause_start": None,
            "date_acknowledged": None,
            "date_triaged": None,
            "date_resolved": None,
            "triage_decision": None,
            "date_end": None,
            "active": True,
        }

    def _open_row(self):
        rng = self.rng
        info = self.charter_info[
            self.charter_bh.id if rng.random() < 0.6 else self.charter_24.id
        ]
        row = self._base_row(info, pick(rng, LEVEL_MIX))
        age = timedelta(days=WEEKS * 7 * rng.random() ** 2, minutes=5)
        row["date_reported"] = (self.now - age).replace(microsecond=0)
        stage = pick(rng, OPEN_STAGE_MIX)
        row["_stage"] = stage
        row["stage_id"] = info["stages"][stage].id
        row["state"] = (
            "04_waiting_normal" if stage == "Waiting for user" else "01_in_progress"
        )
        row["hypercare_state"] = "paused" if stage == "Waiting for user" else "open"
        if rng.random() < 0.1:
            row["sla_paused_hours"] = round(rng.uniform(0.5, 8.0), 2)
        if stage != "New":
            row["_owner"] = rng.choice(self.owners).id
            row["triage_decision"] = rng.choice(DECISIONS)
        return row

    def _finish_open(self, row):
        """Event dates that depend on the deadlines (acknowledgement, pause)."""
        rng = self.rng
        if row["_stage"] != "New":
            window = (row["response_deadline"] - row["date_reported"]) * rng.uniform(
                0.2, 1.5
            )
            ack = min(row["date_reported"] + window, self.now - timedelta(minutes=1))
            row["date_acknowledged"] = row["date_triaged"] = max(
                ack, row["date_reported"]
            )
        if row["hypercare_state"] == "paused":
            span = max((self.now - row["date_reported"]).total_seconds(), 120)
            row["sla_pause_start"] = self.now - timedelta(seconds=rng.uniform(60, span))
            row["sla_pause_start"] = max(
                row["sla_pause_start"], row["date_acknowledged"] or row["date_reported"]
            )
        row["sla_pause_start"] = row["sla_pause_start"] and row[
            "sla_pause_start"
        ].replace(microsecond=0)

    def _closed_row(self):
        rng = self.rng
        info = self.charter_info[
            self.charter_bh.id if rng.random() < 0.6 else self.charter_24.id
        ]
        row = self._base_row(info, pick(rng, LEVEL_MIX))
        age = timedelta(days=WEEKS * 7 * (1 - rng.random() ** 2), hours=2)
        row["date_reported"] = (self.now - age).replace(microsecond=0)
        row["_owner"] = rng.choice(self.owners).id
        if rng.random() < 0.85:
            row.update(
                _stage="Resolved",
                stage_id=info["stages"]["Resolved"].id,
                state="1_done",
                hypercare_state="done",
                triage_decision=rng.choice(DECISIONS),
            )
        else:
            row.update(
                _stage="New",
                stage_id=info["stages"]["New"].id,
                state="1_canceled",
                hypercare_state="cancelled",
            )
        return row

    def _finish_closed(self, row):
        rng = self.rng
        start = row["date_reported"]
        latest = self.now - timedelta(minutes=1)
        if row["hypercare_state"] == "done":
            ack = start + (row["response_deadline"] - start) * rng.uniform(0.1, 1.4)
            res = start + (row["resolution_deadline"] - start) * rng.uniform(0.2, 1.3)
            res = min(max(res, ack), latest)
            row["date_acknowledged"] = row["date_triaged"] = min(ack, res).replace(
                microsecond=0
            )
            row["date_resolved"] = row["date_end"] = res.replace(microsecond=0)

    def make_rows(self, count, closed=False):
        rows = [
            self._closed_row() if closed else self._open_row() for _ in range(count)
        ]
        self.deadlines(rows)
        for row in rows:
            (self._finish_closed if closed else self._finish_open)(row)
            self.statuses(row, self.now)
        if not closed:
            self._keep_quiet(rows)
        for row in rows:
            row["hypercare_is_open"] = row["hypercare_state"] in ("open", "paused")
        return rows

    def _keep_quiet(self, rows):
        """Move tickets whose next check would fall in the benchmark's window
        a little earlier in time, so that "none changing" holds throughout."""
        limit = self.now + QUIET_WINDOW
        for _attempt in range(20):
            noisy = [
                r for r in rows if r["sla_next_check"] and r["sla_next_check"] <= limit
            ]
            if not noisy:
                return
            for row in noisy:
                shift = QUIET_WINDOW + timedelta(minutes=self.rng.randint(1, 90))
                row["date_reported"] -= shift
                for fname in ("date_acknowledged", "date_triaged"):
                    if row[fname]:
                        row[fname] -= shift
            self.deadlines(noisy)
            for row in noisy:
                self.statuses(row, self.now)
        raise RuntimeError("could not keep the fixture quiet")

    # -- bulk insert ------------------------------------------------------------

    INSERT_COLUMNS = [
        "project_id",
        "stage_id",
        "state",
        "active",
        "priority",
        "name",
        "sequence",
        "create_date",
        "write_date",
        "date_last_stage_update",
        "date_assign",
        "date_end",
        "hypercare_charter_id",
        "severity_id",
        "severity_level",
        "hypercare_state",
        "hypercare_is_open",
        "issue_type",
        "support_layer",
        "triage_decision",
        "hypercare_reporter_id",
        "date_reported",
        "date_acknowledged",
        "date_triaged",
        "date_resolved",
        "sla_pause_start",
        "sla_paused_hours",
        "response_warning_date",
        "response_deadline",
        "resolution_warning_date",
        "resolution_deadline",
        "sla_response_status",
        "sla_resolution_status",
        "sla_status",
        "sla_breached",
        "sla_next_deadline",
        "sla_response_notified",
        "sla_resolution_notified",
        "sla_next_check",
    ]

    def insert(self, rows):
        """COPY the rows into project_task (ids reserved from its sequence) and
        their owners into project_task_user_rel."""
        cr = self.env.cr
        cr.execute(
            "SELECT nextval('project_task_id_seq') FROM generate_series(1, %s)",
            (len(rows),),
        )
        ids = [r[0] for r in cr.fetchall()]
        template_cols = self.template_cols
        buf = io.StringIO()
        rel = io.StringIO()
        for task_id, row in zip(ids, rows, strict=True):
            tpl = self.template[row["hypercare_charter_id"]]
            row["id"] = task_id
            row["name"] = (
                f"Issue {task_id}: {row['issue_type'].replace('_', ' ')}"
                f" in {row['_stage']}"
            )
            row["sequence"] = 10
            row["create_date"] = row["write_date"] = row["date_reported"]
            row["date_last_stage_update"] = row["date_triaged"] or row["date_reported"]
            row["date_assign"] = row["date_triaged"] if row["_owner"] else None
            values = [task_id] + [row[c] for c in self.INSERT_COLUMNS]
            values += [tpl[c] for c in template_cols]
            buf.write("\t".join(_copy_value(v) for v in values))
            buf.write("\n")
            if row["_owner"]:
                rel.write(f"{task_id}\t{row['_owner']}\n")
        buf.seek(0)
        rel.seek(0)
        cols = ["id"] + self.INSERT_COLUMNS + template_cols
        cr.copy_expert(f"COPY project_task ({', '.join(cols)}) FROM STDIN", buf)
        cr.copy_expert("COPY project_task_user_rel (task_id, user_id) FROM STDIN", rel)
        self._insert_followers(ids, rows)
        for row in rows:
            for key in ("_info", "_sev", "_calendar"):
                row.pop(key, None)
        return ids

    def _insert_followers(self, ids, rows):
        """Followers as the ORM leaves them: the reporter (who created the ticket)
        and the owner (assigned), with the default subtypes of project.task."""
        cr = self.env.cr
        pairs = []
        for task_id, row in zip(ids, rows, strict=True):
            pairs.append((task_id, self.partner_of[row["hypercare_reporter_id"]]))
            if row["_owner"]:
                pairs.append((task_id, self.partner_of[row["_owner"]]))
        cr.execute(
            "SELECT nextval('mail_followers_id_seq') FROM generate_series(1, %s)",
            (len(pairs),),
        )
        fids = [r[0] for r in cr.fetchall()]
        buf, sub = io.StringIO(), io.StringIO()
        for fid, (task_id, partner_id) in zip(fids, pairs, strict=True):
            buf.write(f"{fid}\tproject.task\t{task_id}\t{partner_id}\n")
            for subtype_id in self.subtype_ids:
                sub.write(f"{fid}\t{subtype_id}\n")
        buf.seek(0)
        sub.seek(0)
        cr.copy_expert(
            "COPY mail_followers (id, res_model, res_id, partner_id) FROM STDIN", buf
        )
        cr.copy_expert(
            "COPY mail_followers_mail_message_subtype_rel"
            " (mail_followers_id, mail_message_subtype_id) FROM STDIN",
            sub,
        )

    def load(self, count, closed=False, chunk=20000):
        done = []
        while len(done) < count:
            n = min(chunk, count - len(done))
            done += self.insert(self.make_rows(n, closed=closed))
        (self.ids_closed if closed else self.ids_open).extend(done)
        self.env.cr.commit()
        self.env.invalidate_all()
        vacuum(self.env.cr.dbname)
        return done

    def verify(self, sample=400):
        """Recompute a sample of tickets with the ORM and compare to the columns
        the loader wrote."""
        fnames = [
            "hypercare_charter_id",
            "hypercare_state",
            "hypercare_is_open",
            "severity_level",
            "response_warning_date",
            "response_deadline",
            "resolution_warning_date",
            "resolution_deadline",
            "sla_response_status",
            "sla_resolution_status",
            "sla_status",
            "sla_breached",
            "sla_next_deadline",
            "sla_next_check",
        ]
        ids = self.rng.sample(self.ids_open, min(sample, len(self.ids_open)))
        ids += self.rng.sample(self.ids_closed, min(sample // 4, len(self.ids_closed)))
        tasks = self.Task.browse(ids)
        stored = {t.id: {f: t[f] for f in fnames} for t in tasks}
        for fname in fnames:
            field = self.Task._fields[fname]
            if field.compute:
                self.env.add_to_compute(field, tasks)
        tasks._recompute_recordset(fnames)
        mismatches = []
        for task in tasks:
            for fname in fnames:
                if stored[task.id][fname] != task[fname]:
                    mismatches.append(
                        (task.id, fname, str(stored[task.id][fname]), str(task[fname]))
                    )
        self.env.cr.rollback()
        self.env.invalidate_all()
        return {
            "sampled": len(ids),
            "mismatches": mismatches[:20],
            "n_mismatch": len(mismatches),
        }

    # -- tickets that come due, for the "1 000 changing" scan ----------------------

    def make_due(self, count):
        """Rewrite ``count`` open wall-clock tickets as if reported a while ago and
        never scanned since their clock moved: stored status still ongoing, the
        next check in the past. Deadlines stay consistent with date_reported."""
        cr = self.env.cr
        cr.execute(
            """SELECT t.id FROM project_task t
                 JOIN hypercare_severity s ON s.id = t.severity_id
                WHERE t.hypercare_state = 'open' AND NOT s.business_hours_only
                  AND t.id = ANY(%s)
             ORDER BY random() LIMIT %s""",
            (self.ids_open, count),
        )
        ids = [r[0] for r in cr.fetchall()]
        tasks = self.Task.browse(ids)
        now = datetime.utcnow().replace(microsecond=0)
        kinds = Counter()
        updates = []
        for task in tasks:
            sev = task.severity_id
            ratio = sev.warning_ratio or 1.0
            resp = sev.response_hours
            u = self.rng.random()
            if u < 0.55:  # response clock at risk
                elapsed = resp * (ratio + (1 - ratio) * self.rng.uniform(0.1, 0.9))
                kinds["response at risk"] += 1
            elif u < 0.85:  # response clock failed
                elapsed = resp + (
                    sev.resolution_hours * ratio - resp
                ) * self.rng.uniform(0.05, 0.9)
                kinds["response failed"] += 1
            else:  # both clocks failed
                elapsed = sev.resolution_hours * self.rng.uniform(1.05, 1.5)
                kinds["both failed"] += 1
            start = now - timedelta(hours=elapsed)
            vals = {
                "date_reported": start,
                "response_warning_date": start + timedelta(hours=resp * ratio),
                "response_deadline": start + timedelta(hours=resp),
                "resolution_warning_date": start
                + timedelta(hours=sev.resolution_hours * ratio),
                "resolution_deadline": start + timedelta(hours=sev.resolution_hours),
            }
            vals["sla_next_check"] = vals["response_warning_date"]
            vals["sla_next_deadline"] = vals["response_deadline"]
            updates.append((task.id, vals))
        new_stage = {
            info["project"].id: info["stages"]["New"].id
            for info in self.charter_info.values()
        }
        for task_id, vals in updates:
            cr.execute(
                """UPDATE project_task SET
                     date_reported = %(date_reported)s,
                     response_warning_date = %(response_warning_date)s,
                     response_deadline = %(response_deadline)s,
                     resolution_warning_date = %(resolution_warning_date)s,
                     resolution_deadline = %(resolution_deadline)s,
                     sla_paused_hours = 0, sla_pause_start = NULL,
                     date_acknowledged = NULL, date_triaged = NULL,
                     sla_response_status = 'ongoing', sla_resolution_status = 'ongoing',
                     sla_status = 'ongoing', sla_breached = false,
                     sla_response_notified = NULL, sla_resolution_notified = NULL,
                     sla_next_check = %(sla_next_check)s,
                     sla_next_deadline = %(sla_next_deadline)s,
                     stage_id = (SELECT CASE project_id {cases} END)
                   WHERE id = %(id)s""".format(
                    cases=" ".join(f"WHEN {p} THEN {s}" for p, s in new_stage.items())
                ),
                dict(vals, id=task_id),
            )
        cr.commit()
        self.env.invalidate_all()
        return ids, dict(kinds)


def _copy_value(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dict):
        value = json.dumps(value)
    value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


# ----------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------


class Bench:
    def __init__(self, env, fixture, args, out_dir):
        self.env = env
        self.fx = fixture
        self.args = args
        self.out_dir = out_dir
        self.results = {}
        self.profiles = {}
        self.backend_stat = self.find_backend()

    def cpu(self):
        """CPU seconds used so far by this process and its PostgreSQL backend
        (when the server runs on this machine): what a run costs regardless of
        what else keeps the cores busy. Parallel query workers and the new
        cursors mail sending opens are not counted."""
        total = time.process_time()
        if self.backend_stat:
            try:
                with open(self.backend_stat) as f:
                    fields_ = f.read().rsplit(")", 1)[1].split()
                total += (int(fields_[11]) + int(fields_[12])) / os.sysconf(
                    "SC_CLK_TCK"
                )
            except OSError:
                self.backend_stat = None
        return total

    def find_backend(self):
        self.env.cr.execute("SELECT pg_backend_pid()")
        pid = self.env.cr.fetchone()[0]
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"postgres" in f.read():
                    return f"/proc/{pid}/stat"
        except OSError:
            pass
        return None

    def timed(self, fn, runs, setup=None, warmup=1):
        """Median/min/max in ms of ``fn`` over ``runs`` runs (``setup`` before each,
        not timed), the same for CPU time (``cpu_*``), and the SQL query count of
        the last run."""
        cr = self.env.cr
        samples, cpu, outputs = [], [], []
        for i in range(warmup + runs):
            if setup:
                setup()
            self.env.invalidate_all()
            queries = cr.sql_log_count
            c0 = self.cpu()
            t0 = time.perf_counter()
            out = fn()
            elapsed = time.perf_counter() - t0
            c1 = self.cpu()
            if i >= warmup:
                samples.append(ms(elapsed))
                cpu.append(ms(c1 - c0))
                outputs.append(out)
            queries = cr.sql_log_count - queries
        res = summary(samples)
        res.update(cpu_summary(cpu))
        res["queries_last_run"] = queries
        return res, outputs

    def profile(self, name, fn, setup=None):
        if setup:
            setup()
        self.env.invalidate_all()
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        stream = io.StringIO()
        stats = pstats.Stats(prof, stream=stream)
        stats.sort_stats("cumulative").print_stats(35)
        stream.write("\n---- by own time ----\n")
        stats.sort_stats("tottime").print_stats(25)
        text = stream.getvalue()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"profile-{name}.txt"
        path.write_text(text)
        head = [line for line in text.splitlines() if line.strip()][:40]
        self.profiles[name] = {"file": str(path), "top_cumulative": head}
        log(f"profile of {name} written to {path}")
        return text

    def check(self, key, value, setup=None, fn=None):
        """Verdict on the wall-clock median (``pass``) and on the CPU median
        (``cpu_pass``: what the run costs on a machine nobody else loads)."""
        _label, target, unit = TARGETS[key]
        res = self.results[key]

        def meets(v):
            return v >= target if unit == "%" else v < target

        ok = meets(value)
        res["target"] = f"{'>=' if unit == '%' else '<'} {target:g} {unit}"
        res["pass"] = ok
        cpu_value = res.get("cpu_ratio_pct" if unit == "%" else "cpu_median")
        if cpu_value is not None:
            res["cpu_pass"] = meets(cpu_value)
        res["loadavg"] = list(os.getloadavg())
        if not ok and fn is not None and not self.args.no_profile:
            self.profile(key, fn, setup)
        return ok

    # -- (1) and (7): the idle scan ---------------------------------------------

    def scan_env(self):
        ctx = dict(self.env.context)
        if "scan-notrack" in self.args.what_if:
            ctx["mail_notrack"] = True
        if "scan-queue-mail" in self.args.what_if:
            ctx["mail_notify_force_send"] = False
        return self.env(context=ctx)

    def scan(self):
        return self.scan_env()["hypercare.charter"]._cron_sla_scan()

    def scan_processed(self):
        return self.scan_env()["project.task"].sudo()._sla_scan()

    def due_now(self):
        self.env.cr.execute(
            "SELECT count(*) FROM project_task WHERE sla_next_check <= %s",
            (datetime.utcnow(),),
        )
        return self.env.cr.fetchone()[0]

    def idle_scan(self, label):
        cr = self.env.cr
        res, outs = self.timed(self.scan_processed, self.args.runs, warmup=2)
        cr.rollback()
        res["processed"] = sum(outs)
        cr.execute("SELECT count(*) FROM project_task WHERE hypercare_is_open")
        res["open_tickets"] = cr.fetchone()[0]
        res["label"] = label
        return res

    def scan_memory(self, fn, setup=None):
        if setup:
            setup()
        self.env.invalidate_all()
        tracemalloc.start()
        fn()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return round(peak / MIB, 3)

    # -- (2) the scan with 1 000 transitions --------------------------------------

    def busy_scan(self):
        env, cr = self.env, self.env.cr
        batches = []
        state = {}

        def setup():
            ids, kinds = self.fx.make_due(self.args.changing)
            cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
            msg = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM mail_activity")
            acts = cr.fetchone()[0]
            cr.execute("SELECT coalesce(max(id), 0) FROM mail_mail")
            mail = cr.fetchone()[0]
            state.update(ids=ids, kinds=kinds, msg=msg, acts=acts, mail=mail)

        def run():
            self.scan()
            cr.commit()

        samples, cpu = [], []
        for i in range(1 + self.args.runs_busy):
            setup()
            env.invalidate_all()
            q0 = cr.sql_log_count
            c0 = self.cpu()
            t0 = time.perf_counter()
            run()
            elapsed = time.perf_counter() - t0
            cpu_s = self.cpu() - c0
            queries = cr.sql_log_count - q0
            cr.execute(
                "SELECT count(*) FROM project_task"
                " WHERE id = ANY(%s) AND sla_status <> 'ongoing'",
                (state["ids"],),
            )
            moved = cr.fetchone()[0]
            cr.execute(
                "SELECT model, count(*) FROM mail_message WHERE id > %s GROUP BY model",
                (state["msg"],),
            )
            by_model = dict(cr.fetchall())
            notes = by_model.get("project.task", 0)
            digests = by_model.get("hypercare.charter", 0)
            cr.execute("SELECT count(*) FROM mail_activity")
            activities = cr.fetchone()[0] - state["acts"]
            cr.execute("SELECT count(*) FROM mail_mail WHERE id > %s", (state["mail"],))
            mails = cr.fetchone()[0]
            batch = {
                "ms": ms(elapsed),
                "cpu_ms": ms(cpu_s),
                "queries": queries,
                "tickets_made_due": len(state["ids"]),
                "kinds": state["kinds"],
                "tickets_moved": moved,
                "ticket_notes": notes,
                "activities": activities,
                "mail_mail": mails,
                "charter_messages": digests,
                "warmup": i == 0,
            }
            batches.append(batch)
            if i:
                samples.append(ms(elapsed))
                cpu.append(ms(cpu_s))
            log(
                f"  scan with {len(state['ids'])} due: {ms(elapsed):.0f} ms "
                f"(cpu {ms(cpu_s):.0f} ms), "
                f"{moved} moved, {notes} notes, {activities} activities, {mails} mails"
            )
        res = summary(samples)
        res.update(cpu_summary(cpu))
        res["runs_detail"] = batches
        res["memory_peak_mib"] = self.scan_memory(run, setup)
        self.results["scan_1000"] = res
        self.check("scan_1000", res["median"], setup, run)
        return res

    # -- (3) creation --------------------------------------------------------------

    def creation(self):
        env, cr = self.env, self.env.cr
        ctx = dict(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
        )
        admin = env.ref("base.user_admin")
        Task = env["project.task"].with_user(admin).with_context(**ctx)
        fx = self.fx
        info = fx.charter_info[fx.charter_bh.id]
        bh_severities = [
            s for s in info["severities"].values() if s.business_hours_only
        ]
        rng = random.Random(7)
        total, batch = self.args.create, self.args.create_batch
        base_vals = [
            {
                "name": f"Created ticket {i}",
                "priority": "1" if rng.random() < 0.15 else "0",
                "user_ids": [(6, 0, [rng.choice(fx.owners).id])],
                "description": "<p>Steps: open the screen, click, error.</p>",
            }
            for i in range(total)
        ]
        hc_extra = [
            {
                "project_id": info["project"].id,
                "severity_id": bh_severities[i % len(bh_severities)].id,
                "issue_type": pick(rng, TYPE_MIX),
                "support_layer": "l1",
                "hypercare_reporter_id": rng.choice(fx.reporters).id,
            }
            for i in range(total)
        ]
        times = {"plain": [], "hypercare": []}
        created = {"plain": [], "hypercare": []}
        # alternate batches so both kinds see the same machine and table state
        cpu = {"plain": [], "hypercare": []}
        for n, start in enumerate(range(0, total, batch)):
            kinds = ("plain", "hypercare") if n % 2 == 0 else ("hypercare", "plain")
            for kind in kinds:
                vals = []
                for i in range(start, min(start + batch, total)):
                    v = dict(base_vals[i])
                    if kind == "plain":
                        v["project_id"] = fx.plain_project.id
                    else:
                        v.update(hc_extra[i])
                    vals.append(v)
                c0 = self.cpu()
                t0 = time.perf_counter()
                records = Task.create(vals)
                env.flush_all()
                cr.commit()
                times[kind].append(time.perf_counter() - t0)
                cpu[kind].append(self.cpu() - c0)
                created[kind] += records.ids
                env.invalidate_all()
        res = {}
        for kind in ("plain", "hypercare"):
            res[f"{kind}_tickets_per_s"] = round(total / sum(times[kind]), 1)
            res[f"{kind}_batch_ms"] = summary([ms(t) for t in times[kind]])
            res[f"{kind}_tickets_per_cpu_s"] = round(total / sum(cpu[kind]), 1)
        res["ratio_pct"] = round(
            100.0 * res["hypercare_tickets_per_s"] / res["plain_tickets_per_s"], 1
        )
        res["cpu_ratio_pct"] = round(
            100.0 * res["hypercare_tickets_per_cpu_s"] / res["plain_tickets_per_cpu_s"],
            1,
        )
        res["tickets"] = total
        res["batch"] = batch
        # the created hypercare tickets must carry business-hours deadlines
        sample = env["project.task"].browse(created["hypercare"][:50])
        res["sample_with_deadlines"] = sum(bool(t.resolution_deadline) for t in sample)
        self.results["create_ratio"] = res
        if (
            self.check("create_ratio", res["ratio_pct"]) is False
            and not self.args.no_profile
        ):
            vals = [dict(base_vals[i], **hc_extra[i]) for i in range(batch)]
            self.profile("create_ratio", lambda: (Task.create(vals), env.flush_all()))
            cr.rollback()
        # remove them again: the following measurements see the fixture only
        cr.execute(
            "DELETE FROM project_task WHERE id = ANY(%s)",
            (created["plain"] + created["hypercare"],),
        )
        cr.commit()
        env.invalidate_all()
        vacuum(cr.dbname)
        return res

    # -- (4) exit gate ------------------------------------------------------------

    def exit_gate(self):
        env = self.env
        if (
            "hypercare.exit.criterion" not in env
            or "exit_ready" not in env["hypercare.charter"]._fields
        ):
            self.results["exit_gate"] = {"status": "n/a (not implemented)"}
            return None
        charter = self.fx.charter_bh.with_user(self.fx.manager)
        Criterion = env["hypercare.exit.criterion"]
        crit_fields = [f for f in ("current_value", "is_met") if f in Criterion._fields]

        def evaluate():
            criteria = charter.exit_criterion_ids
            for fname in crit_fields:
                field = Criterion._fields[fname]
                if field.store and field.compute:
                    env.add_to_compute(field, criteria.sudo())
            field = charter._fields["exit_ready"]
            if field.store:
                env.add_to_compute(field, charter.sudo())
            values = [(c.kind, c.current_value, c.is_met) for c in criteria]
            return charter.exit_ready, values

        res, outs = self.timed(evaluate, self.args.runs)
        env.cr.rollback()
        ready, values = outs[-1]
        res["exit_ready"] = ready
        res["criteria"] = [
            {"kind": k, "current_value": v, "is_met": m} for k, v, m in values
        ]
        self.results["exit_gate"] = res
        self.check("exit_gate", res["median"], None, evaluate)
        env.cr.rollback()
        return res

    # -- (5) kanban ---------------------------------------------------------------

    def board_view(self, Task, action):
        """The action's kanban view as the web client loads it: the specification
        of its fields, its default order and the "open" filter of its search view
        (applied by default through ``search_default_open``)."""
        from lxml import etree

        from odoo.tools.safe_eval import safe_eval

        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban")[:1]
        view = kanban.view_id or self.env.ref("project.view_task_kanban")
        views = Task.get_views(
            [(view.id, "kanban"), (action.search_view_id.id, "search")]
        )
        arch = etree.fromstring(views["views"]["kanban"]["arch"])
        fields_info = views["models"]["project.task"]
        fields_info = fields_info.get("fields", fields_info)
        spec = {}
        for node in arch.iter("field"):
            name = node.get("name")
            if name not in fields_info or name in spec:
                continue
            ftype = fields_info[name]["type"]
            if ftype in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        order = arch.get("default_order") or Task._order
        domain = safe_eval(action.domain or "[]")
        search = etree.fromstring(views["views"]["search"]["arch"])
        for node in search.iter("filter"):
            if node.get("name") == "open" and node.get("domain"):
                domain += safe_eval(node.get("domain"), {"uid": Task.env.uid})
        return view, spec, order, domain

    def kanban(self):
        env = self.env
        user = self.fx.champion
        action = env.ref(f"{MODULE}.project_task_hypercare_action")
        ctx = dict(env["res.users"].with_user(user).context_get())
        ctx.update(
            allowed_company_ids=[env.company.id],
            uid=user.id,
            search_default_open=1,
        )
        Task = env["project.task"].with_user(user).with_context(ctx)
        view, spec, order, domain = self.board_view(Task, action)

        def page():
            return Task.web_search_read(
                domain, spec, offset=0, limit=80, order=order, count_limit=10001
            )

        res, outs = self.timed(page, self.args.runs, warmup=2)
        env.cr.rollback()
        res["cards"] = len(outs[-1]["records"])
        res["length"] = outs[-1]["length"]
        res["user"] = user.login
        res["spec_fields"] = len(spec)
        res["domain"] = str(domain)
        res["view"] = view.xml_id or view.name
        res["order"] = order
        self.results["kanban"] = res
        if not self.check("kanban", res["median"], None, page):
            res["explain"] = self.explain_kanban(Task, domain, order)
        env.cr.rollback()

        # the board as it opens by default: grouped by stage, cards of each group
        def grouped():
            return Task.web_read_group(
                domain,
                ["stage_id"],
                ["__count"],
                order=order,
                auto_unfold=True,
                unfold_read_specification=spec,
                unfold_read_default_limit=40,
            )

        try:
            gres, gouts = self.timed(grouped, self.args.runs, warmup=1)
            gres["groups"] = len(gouts[-1]["groups"])
            self.results["kanban_grouped"] = gres
        except Exception as error:  # informational only
            self.results["kanban_grouped"] = {"status": f"error: {error}"}
        env.cr.rollback()
        return res

    def explain_kanban(self, Task, domain, order):
        from odoo.tools import SQL

        query = Task._search(domain, limit=80, order=order)
        self.env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select()))
        return [r[0] for r in self.env.cr.fetchall()]

    # -- (6) per-ticket baseline --------------------------------------------------

    def baseline(self):
        """One pass over every open ticket, its status recomputed in Python and
        written when changed (OCA helpdesk_mgmt_sla before 2025)."""
        Task = self.env["project.task"].sudo()
        clock_status = Task._sla_clock_status
        now = datetime.utcnow()
        changed = 0
        for ticket in Task.search([("hypercare_is_open", "=", True)]):
            at = now
            if ticket.hypercare_state == "paused" and ticket.sla_pause_start:
                at = ticket.sla_pause_start
            response = clock_status(
                ticket.date_acknowledged,
                ticket.response_warning_date,
                ticket.response_deadline,
                at,
            )
            resolution = clock_status(
                ticket.date_resolved,
                ticket.resolution_warning_date,
                ticket.resolution_deadline,
                at,
            )
            if (response, resolution) != (
                ticket.sla_response_status,
                ticket.sla_resolution_status,
            ):
                ticket.write(
                    {
                        "sla_response_status": response,
                        "sla_resolution_status": resolution,
                    }
                )
                changed += 1
        self.env.flush_all()
        return changed

    def baseline_idle(self):
        cr = self.env.cr
        res, outs = self.timed(self.baseline, self.args.runs_baseline, warmup=0)
        cr.rollback()
        res["changed"] = outs
        self.results["baseline_idle"] = res

    def baseline_busy(self):
        cr = self.env.cr
        ids, _kinds = self.fx.make_due(self.args.changing)
        self.env.invalidate_all()
        c0 = self.cpu()
        t0 = time.perf_counter()
        changed = self.baseline()
        cr.commit()
        self.results["baseline_1000"] = {
            "ms": ms(time.perf_counter() - t0),
            "cpu_ms": ms(self.cpu() - c0),
            "changed": changed,
            "made_due": len(ids),
        }
        # leave the data as the scan expects it (flag what the baseline wrote)
        self.scan_processed()
        cr.commit()


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def fmt(value, unit="ms"):
    if value is None:
        return ""
    return f"{value:,.1f} {unit}" if unit else f"{value:,.1f}"


def table(results, n_open):
    """The result table: wall-clock median/min/max, median CPU time (this process
    plus its PostgreSQL backend), target and verdict (on the wall-clock median)."""
    rows = []

    def verdict(res):
        if res.get("pass") is None:
            return ""
        out = "PASS" if res["pass"] else "MISS"
        if "cpu_pass" in res:
            out += " / " + ("PASS" if res["cpu_pass"] else "MISS")
        return out

    def line(what, res, target="", passed=""):
        rows.append(
            (
                what,
                fmt(res.get("median")),
                fmt(res.get("min")),
                fmt(res.get("max")),
                fmt(res.get("cpu_median")),
                target,
                passed,
            )
        )

    def text(what, median, cpu="", target="", passed=""):
        rows.append((what, median, "", "", cpu, target, passed))

    r = results
    for growth in r.get("scan_growth", []):
        line(f"(7) scan, none changing, {growth['open_tickets']:,} open", growth)
    idle = r["scan_idle"]
    line(
        f"(1) scan, none changing, {n_open:,} open", idle, idle["target"], verdict(idle)
    )
    if "cron_entry_point" in idle:
        line("    same, through _cron_sla_scan", idle["cron_entry_point"])
    changing = f"{r['args']['changing']:,}".replace(",", " ")
    created = f"{r['args']['create']:,}".replace(",", " ")
    busy = r["scan_1000"]
    line(
        f"(2) scan, {changing} changing, committed", busy, busy["target"], verdict(busy)
    )
    c = r["create_ratio"]
    text(
        f"(3) create {created}: plain project.task",
        f"{c['plain_tickets_per_s']:,.1f} /s",
        f"{c['plain_tickets_per_cpu_s']:,.1f} /cpu-s",
    )
    text(
        f"(3) create {created}: hypercare, business hours",
        f"{c['hypercare_tickets_per_s']:,.1f} /s",
        f"{c['hypercare_tickets_per_cpu_s']:,.1f} /cpu-s",
    )
    text(
        "(3) ratio hypercare / plain",
        f"{c['ratio_pct']:.1f} %",
        f"{c['cpu_ratio_pct']:.1f} %",
        c["target"],
        verdict(c),
    )
    eg = r["exit_gate"]
    if "median" in eg:
        line("(4) exit gate, one charter", eg, eg["target"], verdict(eg))
    else:
        text("(4) exit gate, one charter", eg["status"], "", "< 100 ms")
    k = r["kanban"]
    line("(5) champion kanban, first 80 cards", k, k["target"], verdict(k))
    if "median" in r.get("kanban_grouped", {}):
        line("    (info) same board grouped by stage", r["kanban_grouped"])
    line("(6) per-ticket baseline, none changing", r["baseline_idle"])
    b1 = r["baseline_1000"]
    text(
        f"(6) per-ticket baseline, {changing} changing",
        fmt(b1["ms"]),
        fmt(b1["cpu_ms"]),
    )
    ratios = r["ratios"]
    text("(6) baseline / (1)", f"{ratios['idle_speedup']:,.0f} x")
    text("(6) baseline / (2)", f"{ratios['busy_speedup']:,.2f} x")
    text(
        "(7) scan peak memory (tracemalloc)",
        f"{idle['memory_peak_mib']:.3f} MiB (1)",
        f"{busy['memory_peak_mib']:.1f} MiB (2)",
    )
    head = ("measure", "median", "min", "max", "cpu", "target", "wall / cpu")
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    out = []
    for row in [head, *rows]:
        out.append(
            "  ".join(
                str(v).ljust(w) if i == 0 else str(v).rjust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if row is head:
            out.append("-" * len(out[0]))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000, help="open tickets (N)")
    parser.add_argument(
        "--closed",
        type=int,
        default=None,
        help="closed tickets of the six weeks' history on top (default N/4)",
    )
    parser.add_argument(
        "--db", default="hc_bench", help="database (dropped, recreated)"
    )
    parser.add_argument("--config", help="Odoo configuration file (default: libpq's)")
    parser.add_argument(
        "--from-template",
        metavar="DB",
        help="copy DB (a fresh install of the module) instead of installing",
    )
    parser.add_argument("--runs", type=int, default=15, help="runs of quick measures")
    parser.add_argument("--runs-busy", type=int, default=5, help="runs of (2)")
    parser.add_argument("--runs-baseline", type=int, default=2, help="runs of (6)")
    parser.add_argument("--changing", type=int, default=1000)
    parser.add_argument("--create", type=int, default=10_000)
    parser.add_argument("--create-batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--json", default=str(REPO / "bench-results.json"))
    parser.add_argument(
        "--no-profile", action="store_true", help="no cProfile on a miss"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument(
        "--what-if",
        action="append",
        default=[],
        choices=sorted(WHAT_IF),
        help="measure with a proposed change applied (repeatable): "
        + "; ".join(f"{k}: {v[0]}" for k, v in sorted(WHAT_IF.items())),
    )
    args = parser.parse_args()
    n_open = args.tickets
    n_closed = n_open // 4 if args.closed is None else args.closed
    out_json = Path(args.json).resolve()
    out_dir = REPO / ".local" / "benchmark"
    t_start = time.perf_counter()

    conf = (
        Path(args.config).resolve()
        if args.config
        else write_config(REPO / ".local" / "benchmark" / "odoo-bench.conf", args.db)
    )
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "--log-level=warn"])
    install_s = prepare_database(args, conf)
    registry, cr, env = odoo_env(conf, args.db)
    results = {
        "machine": machine_info(),
        "args": vars(args),
        "install_s": round(install_s, 1),
    }
    cr.execute("SELECT version()")
    results["machine"]["postgresql"] = cr.fetchone()[0]
    for setting in ("shared_buffers", "work_mem", "jit", "synchronous_commit"):
        cr.execute(f"SHOW {setting}")
        results["machine"][f"pg_{setting}"] = cr.fetchone()[0]
    import odoo.release

    results["machine"]["odoo"] = odoo.release.version
    git = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    results["git"] = git.stdout.strip() or None

    now = datetime.utcnow().replace(microsecond=0)
    for what_if in args.what_if:
        log(f"WHAT-IF {what_if}: {WHAT_IF[what_if][0]}")
        if WHAT_IF[what_if][1]:
            cr.execute(WHAT_IF[what_if][1])
            cr.commit()
    fx = Fixture(env, args.seed, now)
    log("creating charters, calendar and users (ORM)")
    fx.setup()
    bench = Bench(env, fx, args, out_dir)
    t0 = time.perf_counter()
    log(f"loading {n_closed:,} closed tickets (bulk SQL)")
    fx.load(n_closed, closed=True)

    # (7) growth: the idle scan at N/10, N/4, N/2 and N open tickets
    growth = []
    loaded = 0
    for step in sorted({max(1, n_open // 10), n_open // 4, n_open // 2, n_open}):
        if step <= loaded:
            continue
        log(f"loading open tickets up to {step:,} (bulk SQL)")
        fx.load(step - loaded)
        loaded = step
        res = bench.idle_scan(f"{step} open")
        log(
            f"  idle scan at {res['open_tickets']:,} open:"
            f" median {res['median']:.3f} ms"
        )
        growth.append(res)
    results["fixture_s"] = round(time.perf_counter() - t0, 1)
    cr.execute(
        "SELECT hypercare_state, count(*) FROM project_task"
        " WHERE hypercare_charter_id IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    results["fixture"] = {
        "by_state": dict(cr.fetchall()),
        "total": n_open + n_closed,
    }
    cr.execute(
        "SELECT sla_status, count(*) FROM project_task"
        " WHERE hypercare_is_open GROUP BY 1"
    )
    results["fixture"]["open_by_sla_status"] = {str(k): v for k, v in cr.fetchall()}
    log("verifying the fixture against the ORM's computes (sample)")
    results["fixture"]["verify"] = fx.verify()
    log(
        f"  {results['fixture']['verify']['sampled']} sampled, "
        f"{results['fixture']['verify']['n_mismatch']} mismatching values"
    )

    # (1) the idle scan at N, through the cron entry point, and its memory
    log("(1) SLA scan, none changing")
    res = growth[-1]
    if bench.due_now():
        log(f"  warning: {bench.due_now()} tickets due")
    cron_res, _outs = bench.timed(bench.scan, args.runs, warmup=2)
    cr.rollback()
    res["cron_entry_point"] = cron_res
    res["memory_peak_mib"] = bench.scan_memory(bench.scan_processed)
    cr.rollback()
    results["scan_growth"] = growth[:-1]
    results["scan_idle"] = bench.results["scan_idle"] = res
    bench.check("scan_idle", res["median"], None, bench.scan_processed)
    cr.rollback()
    log(f"  median {res['median']:.3f} ms, peak {res['memory_peak_mib']} MiB")

    log("(5) champion kanban first page")
    bench.kanban()
    log(f"  median {bench.results['kanban']['median']:.1f} ms")
    log("(4) exit gate")
    bench.exit_gate()
    log(f"  {bench.results['exit_gate'].get('median', 'n/a')}")
    log("(6) per-ticket baseline scan, none changing")
    bench.baseline_idle()
    log(f"  median {bench.results['baseline_idle']['median']:.0f} ms")
    log(f"(2) SLA scan with {args.changing} changing, committed")
    bench.busy_scan()
    log(f"(3) creation of {args.create} tickets, plain vs business hours")
    bench.creation()
    c = bench.results["create_ratio"]
    log(
        f"  plain {c['plain_tickets_per_s']}/s,"
        f" hypercare {c['hypercare_tickets_per_s']}/s,"
        f" {c['ratio_pct']} %"
    )
    log(f"(6) per-ticket baseline scan, {args.changing} changing")
    bench.baseline_busy()
    results.update(bench.results)
    results["ratios"] = {
        "idle_speedup": results["baseline_idle"]["median"] / max(res["median"], 1e-6),
        "busy_speedup": results["baseline_1000"]["ms"]
        / max(results["scan_1000"]["median"], 1e-6),
        "idle_speedup_cpu": results["baseline_idle"]["cpu_median"]
        / max(res["cpu_median"], 1e-6),
        "busy_speedup_cpu": results["baseline_1000"]["cpu_ms"]
        / max(results["scan_1000"]["cpu_median"], 1e-6),
    }
    results["profiles"] = bench.profiles
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    cr.close()
    if not args.keep_db:
        from odoo.modules.registry import Registry
        from odoo.sql_db import close_all

        Registry.delete(args.db)
        close_all()
        conn = pg_connect()
        with conn.cursor() as pcr:
            pcr.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        conn.close()
    out_json.write_text(json.dumps(results, indent=2, default=str))
    print()
    m = results["machine"]
    if args.what_if:
        print(f"WHAT-IF run, with: {', '.join(args.what_if)} (not the module as is)")
    print(
        f"hypercare_support benchmark: {n_open:,} open + {n_closed:,} closed tickets; "
        f"{m['nproc']} x {m.get('cpu', '?')}, {m.get('ram_gib', '?')} GiB, "
        f"{m['postgresql'].split(' on ')[0]}, Odoo {m['odoo']}"
    )
    print(table(results, res["open_tickets"]))
    print(
        "\nmedian/min/max: wall clock; cpu: median CPU time of this process and its"
        " PostgreSQL backend\n(a lower bound of the time on an idle machine); load"
        f" average {m['loadavg_start'][0]:.1f} at start,"
        f" {m['loadavg_end'][0]:.1f} at end"
        f" on {m['nproc']} cores."
    )
    print(f"\nJSON: {out_json}   total {results['total_s']:.0f} s")
    misses = [k for k in TARGETS if results.get(k, {}).get("pass") is False]
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
