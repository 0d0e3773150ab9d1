"""Go-live morning under load (run with Odoo's virtualenv; see scripts/load).

    python scripts/loadtest/run.py --conf ODOO_CONF --template DB --db RUN_DB
        --load-python .local/venv-load/bin/python [--users 200 --ramp 60
        --duration 300 --tickets 10000 --due 40 --out .local/load]

The template (the go-live with its addons) gets the people and the open
tickets once; each run copies it, makes tickets come due during the run,
starts a streaming replica of the cluster and two servers in workers mode
pointing at it, runs Locust, then checks that nothing was lost or doubled
and reports the figures. Exits non-zero naming each failure.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from workers_analysis import log_problems, overlaps, parse_runs  # noqa: E402
from workers_check import (  # noqa: E402
    crons_idle,
    drop_database,
    env_of,
    open_database,
    trigger,
)
from workers_servers import T0, CheckFailed, Server, say, wait_for  # noqa: E402

from loadtest import setup_db  # noqa: E402
from loadtest.checks import check_outcomes  # noqa: E402
from loadtest.replica import Replica  # noqa: E402

TICK = 20  # seconds between two triggers of the scan crons during the run
REQUEST = re.compile(
    r'"(?:POST|GET) (\S+) HTTP/[\d.]+" (\d+) - \d+ [\d.]+ [\d.]+ (\S+)'
)
MARKER = "hypercare.load_test_prepared"


def template_ready(conf, template, people, tickets):
    import odoo  # noqa: F401
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "--log-level=warn", "--no-http"])
    registry = Registry(template)
    want = f"{people}/{tickets}"
    with env_of(registry) as env:
        if env["ir.config_parameter"].sudo().get_param(MARKER) == want:
            return
        say(f"template {template}: users, roster and {tickets} open tickets")
        users, champions, managers = people
        setup_db.populate(env, users, champions, managers, tickets)
        env["ir.config_parameter"].sudo().set_param(MARKER, want)
    from odoo import sql_db

    Registry.delete(template)
    sql_db.close_db(template)


class Sampler(threading.Thread):
    """Every 2 s: CPU of the servers' processes and of PostgreSQL (our
    database's backends on the primary, the whole standby), the replica's
    active queries on our database, and the replication lag."""

    def __init__(self, servers, replica, db):
        super().__init__(daemon=True)
        self.servers, self.replica, self.db = servers, replica, db
        self.stop_event = threading.Event()
        self.last, self.cpu = {}, Counter()
        self.lag_ms, self.replica_active, self.replica_conns = [], Counter(), 0
        self.hz = os.sysconf("SC_CLK_TCK")

    def ticks(self, pid):
        try:
            parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(parts[11]) + int(parts[12]), int(parts[2])
        except (OSError, IndexError, ValueError):
            return None, None

    def account(self, kind, pids):
        for pid in pids:
            t, _pgid = self.ticks(pid)
            if t is None:
                continue
            prev = self.last.get(pid)
            if prev is not None and t >= prev:
                self.cpu[kind] += t - prev
            self.last[pid] = t

    def sample(self):
        groups = {s.proc.pid for s in self.servers}
        server_pids, standby_pids = [], []
        standby = self.replica.postmaster_pid()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = (
                    Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                )
            except OSError:
                continue
            ppid, pgid = int(fields[1]), int(fields[2])
            if pgid in groups:
                server_pids.append(int(entry))
            elif standby and (int(entry) == standby or ppid == standby):
                standby_pids.append(int(entry))
        self.account("odoo", server_pids)
        self.account("pg_replica", standby_pids)
        pids = self.replica.psql(
            "postgres",
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.db}'"
            " UNION ALL SELECT pid FROM pg_stat_replication",
            replica=False,
        ).split()
        self.account("pg_primary", [int(p) for p in pids if p.isdigit()])
        lag = self.replica.psql(
            "postgres",
            "SELECT coalesce(max(extract(epoch FROM replay_lag)) * 1000, 0)"
            " FROM pg_stat_replication",
            replica=False,
        )
        if lag:
            self.lag_ms.append(float(lag))
        rows = self.replica.psql(
            "postgres",
            "SELECT count(*) FILTER (WHERE state = 'active'),"
            " count(*) FROM pg_stat_activity"
            f" WHERE datname = '{self.db}' AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()",
        )
        if rows:
            active, conns = (int(x) for x in rows.split("|"))
            self.replica_active["samples"] += 1
            self.replica_active["active"] += active
            self.replica_conns = max(self.replica_conns, conns)

    def run(self):
        while not self.stop_event.wait(2):
            self.sample()

    def seconds(self):
        return {k: round(v / self.hz, 1) for k, v in self.cpu.items()}


def cursor_modes(servers):
    """Per route (model/method), the cursor each request ran on, read from
    the servers' request log lines: ro = the replica, rw = the primary."""
    modes = defaultdict(Counter)
    for server in servers:
        for line in server.text().splitlines():
            m = REQUEST.search(line)
            if m:
                path = (
                    m[1]
                    .split("#")[0]
                    .replace("/web/dataset/call_kw/", "")
                    .replace("/web/dataset/call_button/", "button ")
                )
                modes[path][m[3]] += 1
    return modes


def run_locust(args, data_file, servers, out):
    env = dict(
        os.environ,
        LOAD_DATA=str(data_file),
        LOAD_HOSTS=",".join(s.url("") for s in servers),
        LOAD_OUT=str(out),
    )
    rate = max(args.users / max(args.ramp, 1), 0.5)
    cmd = [
        args.load_python,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        f"{rate:.2f}",
        "--run-time",
        f"{args.ramp + args.duration}s",
        "--stop-timeout",
        "30",
        "--html",
        str(out / "locust-report.html"),
        "--csv",
        str(out / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    say(f"locust: {args.users} people over {args.ramp} s, then {args.duration} s")
    with open(out / "locust.log", "w") as log:
        proc = subprocess.run(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    if proc.returncode != 0:
        raise CheckFailed(
            f"locust exited with {proc.returncode} (see {out / 'locust.log'})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--template", required=True, help="database with the go-live")
    parser.add_argument("--db", required=True, help="the copy the run works on")
    parser.add_argument("--load-python", required=True)
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--ramp", type=int, default=60)
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--due", type=int, default=40)
    parser.add_argument("--out", default=str(HERE.parent.parent / ".local" / "load"))
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--keep", action="store_true", help="keep the run's database")
    parser.add_argument(
        "--no-p95",
        dest="p95",
        action="store_false",
        help="report p95 misses without failing (the test command's short run, "
        "whose verdict is nothing lost and no failed request)",
    )
    parser.add_argument(
        "--keep-replica",
        action="store_true",
        help="leave the standby running (reused next time)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # people in the SPEC's proportions (150/40/10 of 200), at least one each
    people = [max(1, round(args.users * w / 200)) for w in (150, 40, 10)]
    failures, servers, state = [], [], {"registry": None}
    from odoo.tools import config  # noqa: F401

    template_ready(args.conf, args.template, people, args.tickets)
    replica = Replica(
        args.pg_bin,
        HERE.parent.parent / ".local" / "pg-replica",
        config["db_host"],
        config["db_port"],
        config["db_user"],
        args.replica_port,
    )
    sampler = None
    try:
        say(f"copying {args.template} to {args.db}")
        registry = state["registry"] = open_database(args.conf, args.template, args.db)
        with env_of(registry) as env:
            data = setup_db.prepare_run(env, args.ramp + args.duration, args.due)
        data_file = out / "data.json"
        data_file.write_text(json.dumps(data))
        try:
            replica.start(say)
        except subprocess.CalledProcessError as error:
            raise CheckFailed(
                f"could not start the replica: {error.cmd[-1] if error.cmd else ''} "
                f"{(error.stderr or '').strip()[-400:]} (log: {replica.log})"
            ) from error
        if not args.keep_replica:
            state["replica"] = replica
        extra = [
            "--db_replica_host",
            replica.host,
            "--db_replica_port",
            str(replica.port),
        ]
        # the people's browsers run on machines of their own; here Locust
        # shares the two cores with the servers. Starved during the login
        # storm, it connected and sent its request late, and a prefork worker
        # drops a connection silent for 2 s: the servers run a notch below
        # the clients (nice 5), and still get every cycle the clients leave
        for name in "AB":
            servers.append(
                Server(name, args.conf, args.db, extra, prefix="load", nice=5)
            )
        for s in servers:
            wait_for(f"server {s.name}", lambda s=s: s.answers("/web/health"), 180)
        say("both servers answer")
        sampler = Sampler(servers, replica, args.db)
        sampler.start()
        stop = threading.Event()

        def tick():
            while not stop.wait(TICK):
                trigger(registry, data)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        started = time.time()
        run_locust(args, data_file, servers, out)
        stop.set()
        sampler.stop_event.set()
        say(
            f"locust done in {time.time() - started:.0f} s; "
            "letting the clocks due be noted"
        )
        wait_for(
            "the due clocks to be noted",
            lambda: trigger(registry, data) or due_noted(registry, data),
            150,
            step=5,
        )
        wait_for("the scan crons to finish", lambda: crons_idle(registry, data), 120)
        analyse(args, out, registry, data, servers, sampler, started, failures)
    except CheckFailed as error:
        failures.append(str(error))
    finally:
        if sampler is not None:
            sampler.stop_event.set()
        for server in servers:
            server.stop()
            log_problems(server, failures)
        if state.get("replica"):
            state["replica"].stop()
        if state["registry"] is not None and not args.keep:
            drop_database(args.db)
    say(f"done in {time.monotonic() - T0:.0f} s")
    if failures:
        print("\nload test FAILED:", *failures[:40], sep="\n  - ", file=sys.stderr)
        sys.exit(1)
    print("load test: passed")


def analyse(args, out, registry, data, servers, sampler, started, failures):
    """The servers stopped, the checks and the figures."""
    for s in servers:
        s.stop()
    runs = parse_runs(servers, data["crons"])
    with env_of(registry) as env:
        figures = check_outcomes(env, data, out, failures)
    figures["scan runs"] = dict(Counter(r["server"] for r in runs))
    figures["scan runs overlapping across servers"] = overlaps(runs)
    figures["cpu seconds"] = sampler.seconds()
    figures["replica"] = {
        "max replay lag ms": round(max(sampler.lag_ms or [0]), 1),
        "odoo connections on the replica (max)": sampler.replica_conns,
        "active queries seen on the replica": sampler.replica_active["active"],
        "samples": sampler.replica_active["samples"],
    }
    modes = cursor_modes(servers)
    figures["cursor by route"] = {k: dict(v) for k, v in sorted(modes.items())}
    check_routing(modes, failures)
    figures["wall seconds"] = round(time.time() - started)
    (out / "figures.json").write_text(json.dumps(figures, indent=1, default=str))
    report = subprocess.run(
        [
            args.load_python,
            str(HERE / "report.py"),
            str(out),
            str(args.ramp),
            str(args.users),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    print(report.stdout, end="")
    if report.returncode:
        failures.append(f"report: {report.stderr.strip()[-500:]}")
    exceptions = json.loads((out / "exceptions.json").read_text())
    for error in exceptions:
        failures.append(f"a client raised {error['count']}x: {error['msg'][:300]}")
    summary = (
        json.loads((out / "summary.json").read_text()) if report.returncode == 0 else {}
    )
    failed = summary.get("failed")
    if args.p95 and summary.get("misses"):
        failures.append(
            "p95 of 1 s (10 % spare) missed after the login storm by: "
            + ", ".join(summary["misses"])
        )
    if failed:
        failures.append(
            f"{failed} request(s) failed (see {out / 'locust-report.html'})"
        )
    say(
        "figures: "
        + json.dumps({k: v for k, v in figures.items() if k != "cursor by route"})
    )


def due_noted(registry, data):
    """Every due ticket noted failed on both clocks (all are due by the end)."""
    with env_of(registry) as env:
        env.cr.execute(
            """SELECT count(*) FROM project_task WHERE id = ANY(%s)
                AND (sla_resolution_notified IS DISTINCT FROM 'failed'
                     OR sla_response_notified IS DISTINCT FROM 'failed')""",
            [data["due_ids"]],
        )
        return env.cr.fetchone()[0] == 0


READS = {
    "dashboard": "hypercare.charter/get_hypercare_dashboard_data",
    "stand-up": "hypercare.charter/web_read",
    "board": "project.task/web_read_group",
    "My issues": "project.task/web_search_read",
}
WRITES = {"report submit": "button hypercare.report.issue/action_submit"}


def check_routing(modes, failures):
    """The reporting reads ran on the replica (ro), the writes on the primary."""
    for label, route in READS.items():
        got = modes.get(route, Counter())
        if not got or set(got) != {"ro"}:
            failures.append(
                f"{label} ({route}) not served on the replica only: {dict(got)}"
            )
    for label, route in WRITES.items():
        got = modes.get(route, Counter())
        if not got or set(got) != {"rw"}:
            failures.append(
                f"{label} ({route}) not written on the primary: {dict(got)}"
            )


if __name__ == "__main__":
    main()
