"""The command line: options, and the order of the run (database, fixture,
measures, report)."""

import argparse
import os
import time
from datetime import datetime
from pathlib import Path

from . import __doc__ as package_doc
from .addon import WHAT_IF, apply_what_if
from .adoption import adoption
from .common import OUT_DIR, REPO, log
from .database import (
    drop_database,
    git_describe,
    machine_info,
    odoo_env,
    prepare_database,
    server_info,
    write_config,
)
from .fixture import Fixture
from .known import FLOOD
from .measures import Bench
from .report import misses, print_report, print_rows, verdict, write_json


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark", description=package_doc.split("\n\n")[0]
    )
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
    parser.add_argument(
        "--charter-tickets",
        type=int,
        default=100_000,
        help="tickets of the charter the exit gate, kanban and dashboard rows "
        "measure (closed ones added to reach it)",
    )
    parser.add_argument("--runs", type=int, default=15, help="runs of quick measures")
    parser.add_argument("--runs-busy", type=int, default=5, help="runs of (2)")
    parser.add_argument("--runs-baseline", type=int, default=2, help="runs of (6)")
    parser.add_argument("--runs-edit", type=int, default=3, help="runs of (8)")
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
        "--only",
        action="append",
        default=[],
        choices=sorted(ONLY),
        help="measure only these rows on the fixture (repeatable); prints their "
        "lines of the table; self_help alone runs without the tickets",
    )
    parser.add_argument(
        "--pages", type=int, default=10_000, help="knowledge pages of (12)"
    )
    parser.add_argument(
        "--what-if",
        action="append",
        default=[],
        choices=sorted(WHAT_IF),
        help="measure with a proposed change applied (repeatable): "
        + "; ".join(f"{k}: {v[0]}" for k, v in sorted(WHAT_IF.items())),
    )
    return parser.parse_args(argv)


def load_fixture(fx, bench, results, n_open, n_closed):
    """Load the closed tickets, then the open ones in steps, measuring the idle
    scan at each step (7); check a sample against the ORM. Returns the idle
    scan measured at ``n_open``."""
    cr = fx.env.cr
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
    results["scan_growth"] = growth[:-1]
    return growth[-1]


def run_measures(bench, res, args):
    """Every measure, in an order that leaves each the data it expects; ``res``
    is the idle scan at N open tickets, completed here as measure (1)."""
    cr = bench.env.cr
    log("(1) SLA scan, none changing")
    if bench.due_now():
        log(f"  warning: {bench.due_now()} tickets due")
    cron_res, _outs = bench.timed(bench.scan, args.runs, warmup=2)
    cr.rollback()
    res["cron_entry_point"] = cron_res
    res["memory_peak_mib"] = bench.scan_memory(bench.scan_processed)
    cr.rollback()
    bench.results["scan_idle"] = res
    bench.check("scan_idle", res["median"], None, bench.scan_processed)
    cr.rollback()
    log(f"  median {res['median']:.3f} ms, peak {res['memory_peak_mib']} MiB")

    # SPEC's rows (4), (5) and (9): one charter with 100 000 tickets
    added = bench.fx.top_up(bench.fx.charter_bh, args.charter_tickets)
    cr.execute(
        "SELECT count(*) FROM project_task WHERE hypercare_charter_id = %s",
        (bench.fx.charter_bh.id,),
    )
    bench.results["charter_tickets"] = cr.fetchone()[0]
    log(
        f"charter of rows (4), (5), (9): {bench.results['charter_tickets']:,} "
        f"tickets ({added:,} closed ones added)"
    )
    log("(5) champion kanban first page")
    bench.kanban()
    log(f"  median {bench.results['kanban']['median']:.1f} ms")
    log("(4) exit gate")
    bench.exit_gate()
    log(f"  {bench.results['exit_gate'].get('median', 'n/a')}")
    log("(9) dashboard data")
    bench.dashboard()
    log(f"  {bench.results['dashboard'].get('median', 'n/a')}")
    log("(10) adoption metrics")
    adoption(bench)
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
    # last: it moves the deadlines of thousands of open tickets for good
    log("(11) watch rules")
    bench.watch_fixture()
    bench.watch_rules()
    log("(15) known-issue suggestions")
    bench.known_issue_suggest()
    # it resolves open tickets of the business-hours charter for good
    log(f"(14) fixing a known issue with {FLOOD:,} linked open tickets, committed")
    bench.known_issue_fix()
    # its own charters: the others' tickets are left as they are
    log("(13) closing a charter with 10 000 open tickets (the handover)")
    bench.closing()
    log("(8) severity edits: the request, then the scan's cron finishing the job")
    bench.severity_edits()
    run_self_help(bench, args)


def run_self_help(bench, args):
    """(12) the knowledge bridge's search, when the bridge is installed."""
    if not bench.knowledge_installed():
        log("(12) self-help search: hypercare_support_knowledge not installed, skipped")
        return
    log(f"(12) self-help search, {args.pages:,} knowledge pages")
    res = bench.self_help_search(args.pages)
    log(f"  median {res['median']:.1f} ms, cpu {res['cpu_median']:.1f} ms")


# --only: the rows that can run alone on the fixture -> (method, label)
def _method(name):
    return lambda bench: getattr(bench, name)()


def _watch(bench):
    bench.watch_fixture()
    return bench.watch_rules()


# --only NAME: (result key, label, measure(bench))
ONLY = {
    "exit-gate": ("exit_gate", "(4) exit gate, one charter", _method("exit_gate")),
    "kanban": ("kanban", "(5) champion kanban, first 80 cards", _method("kanban")),
    "dashboard": ("dashboard", "(9) dashboard data, one charter", _method("dashboard")),
    "creation": (
        "creation",
        "(3) ratio hypercare / plain creation",
        _method("creation"),
    ),
    "scan-busy": (
        "scan_1000",
        "(2) scan, 1 000 changing, committed",
        _method("busy_scan"),
    ),
    "adoption": ("adoption", "(10) adoption metrics", adoption),
    "watch": ("watch_rules", "(11) watch rules", _watch),
    "self_help": (
        "self_help_search",
        "(12) self-help search",
        lambda bench: bench.self_help_search(bench.args.pages),
    ),
    "closing": ("closing", "(13) closing, 10 000 open tickets", _method("closing")),
    "known-suggest": (
        "known_suggest",
        "(15) known-issue suggestions",
        _method("known_issue_suggest"),
    ),
    "known-fix": (
        "known_fix",
        "(14) fixing a known issue, 1 000 linked open tickets, committed",
        _method("known_issue_fix"),
    ),
}


def run_only(bench, results, args, out_json):
    """The rows of ``--only``: their figures, the JSON, no full table."""
    for name in args.only:
        key, label, measure = ONLY[name]
        log(label)
        res = measure(bench) or bench.results.get(key) or {}
        figures = (
            f"{res['ratio_pct']:.1f} %, cpu {res['cpu_ratio_pct']:.1f} %"
            if "ratio_pct" in res
            else f"median {res.get('median', 0):.1f} ms, cpu"
            f" {res.get('cpu_median', 0):.1f} ms"
        )
        if res.get("cpu_ref_ratio"):
            figures += (
                f" = {res['cpu_ref_ratio']:.2f} ref (limit"
                f" {res['target_ref_ratio']:.2f} ref)"
            )
        wall, _sep, cpu = verdict(res).partition(" / ")
        print(
            f"{label}: {figures} (target {res.get('target')}, wall {wall}, cpu {cpu})"
        )
    results.update(bench.results)
    bench.env.cr.close()
    if not args.keep_db:
        drop_database(args.db)
    write_json(results, out_json)
    return 1 if misses(results) else 0


def ratios(results):
    """The scan against the per-ticket baseline (6), wall clock and CPU."""
    idle, busy = results["scan_idle"], results["scan_1000"]
    base_idle, base_busy = results["baseline_idle"], results["baseline_1000"]
    return {
        "idle_speedup": base_idle["median"] / max(idle["median"], 1e-6),
        "busy_speedup": base_busy["ms"] / max(busy["median"], 1e-6),
        "idle_speedup_cpu": base_idle["cpu_median"] / max(idle["cpu_median"], 1e-6),
        "busy_speedup_cpu": base_busy["cpu_ms"] / max(busy["cpu_median"], 1e-6),
    }


def main(argv=None):
    args = parse_args(argv)
    n_open = args.tickets
    n_closed = n_open // 4 if args.closed is None else args.closed
    out_json = Path(args.json).resolve()
    t_start = time.perf_counter()

    conf = (
        Path(args.config).resolve()
        if args.config
        else write_config(OUT_DIR / "odoo-bench.conf", args.db)
    )
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "--log-level=warn"])
    install_s = prepare_database(args, conf)
    _registry, cr, env = odoo_env(conf, args.db)
    results = {
        "machine": machine_info(),
        "args": vars(args),
        "install_s": round(install_s, 1),
    }
    results["machine"].update(server_info(cr))
    results["git"] = git_describe()

    now = datetime.utcnow().replace(microsecond=0)
    for what_if in args.what_if:
        apply_what_if(env, what_if)
    fx = Fixture(env, args.seed, now)
    log("creating charters, calendar and users (ORM)")
    fx.setup()
    bench = Bench(env, fx, args, OUT_DIR)
    if args.only == ["self_help"]:
        run_self_help(bench, args)
        results.update(bench.results)
        results["machine"]["loadavg_end"] = list(os.getloadavg())
        results["total_s"] = round(time.perf_counter() - t_start, 1)
        cr.close()
        if not args.keep_db:
            drop_database(args.db)
        write_json(results, out_json)
        print_rows(results, out_json)
        return 1 if misses(results) or "self_help_search" not in results else 0
    idle = load_fixture(fx, bench, results, n_open, n_closed)
    bench.reference()
    if args.only:
        if {"exit-gate", "kanban", "dashboard", "adoption"} & set(args.only):
            fx.top_up(fx.charter_bh, args.charter_tickets)
        return run_only(bench, results, args, out_json)
    run_measures(bench, idle, args)
    results.update(bench.results)
    if not args.only:
        results["ratios"] = ratios(results)
    results["profiles"] = bench.profiles
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    cr.close()
    if not args.keep_db:
        drop_database(args.db)
    write_json(results, out_json)
    print_report(results, out_json)
    return 1 if misses(results) else 0
