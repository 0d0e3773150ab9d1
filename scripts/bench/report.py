"""The report: the result table, the closing lines and the JSON file."""

import json

from .common import TARGETS


def fmt(value, unit="ms"):
    if value is None:
        return ""
    return f"{value:,.1f} {unit}" if unit else f"{value:,.1f}"


def table(results, n_open):
    """The result table: wall-clock median/min/max, median CPU time (this
    process, its PostgreSQL backend and its parallel workers), target and
    verdict (``verdict``)."""
    rows = []

    def line(what, res, target="", passed=""):
        cpu = fmt(res.get("cpu_median"))
        if res.get("cpu_ref_ratio"):
            cpu = f"{cpu} ({res['cpu_ref_ratio']:.2f} ref)"
            target = f"{target} ({res['target_ref_ratio']:.2f} ref)"
        rows.append(
            (
                what,
                fmt(res.get("median")),
                fmt(res.get("min")),
                fmt(res.get("max")),
                cpu,
                target,
                passed,
            )
        )

    def text(what, median, cpu="", target="", passed=""):
        rows.append((what, median, "", "", cpu, target, passed))

    r = results
    if r["args"].get("only"):
        return only_table(r, line, verdict, rows)
    if "reference" in r:
        line("(0) reference query (the ref unit below)", r["reference"])
    if "charter_tickets" in r:
        text("    charter of (4), (5), (9): tickets", f"{r['charter_tickets']:,}")
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
    dash = r.get("dashboard", {})
    if "median" in dash:
        line(
            f"(9) dashboard data, one charter ({dash['tickets']:,} tickets)",
            dash,
            dash["target"],
            verdict(dash),
        )
    se = r.get("severity_edit")
    if se:
        line(
            f"(8) severity edit, {se['open_tickets']:,} open ({se['label']})",
            se,
            se["target"],
            verdict(se),
        )
        for more in r.get("severity_edit_more", []):
            line(
                f"    (info) {more['open_tickets']:,} open ({more['label']})",
                more,
            )
        for edit in [se, *r.get("severity_edit_more", [])]:
            text(
                f"    rest by the scan's cron ({edit['label']})",
                fmt(edit["cron_s_median"] * 1000.0),
            )
        unchanged = all(
            e["closed_unchanged"] for e in [se, *r.get("severity_edit_more", [])]
        )
        text(
            "(8) closed tickets changed by the edits",
            "none" if unchanged else "SOME",
        )
    adoption_row(r, line, verdict)
    watch = r.get("watch_rules")
    if watch:
        line(
            f"(11) {watch['rules']} watch rules, 100 000-record tables",
            watch,
            watch["target"],
            verdict(watch),
        )
    self_help_row(r, line, verdict)
    closing_rows(r, line, text, verdict)
    known_rows(r, line, verdict)
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
    return format_rows(rows)


def adoption_row(r, line, verdict):
    ad = r.get("adoption", {})
    if "median" in ad:
        line(
            f"(10) adoption metrics, {ad['scope_users']} users going live",
            ad,
            ad["target"],
            verdict(ad),
        )
        line(
            "    (info) daily activity record (INSERT ... SELECT)", ad["activity_cron"]
        )


def only_table(r, line, verdict, rows):
    """The table of a run restricted with --only."""
    idle = r["scan_idle"]
    line(f"(1) scan, none changing, {idle['open_tickets']:,} open", idle)
    adoption_row(r, line, verdict)
    return format_rows(rows)


def verdict(res):
    """ "wall / cpu": PASS or MISS on the wall clock; on the cpu column PASS
    with SPEC's 10 % to spare, TIGHT within the limit but not the margin
    (a miss for SPEC), MISS beyond it."""
    if res.get("pass") is None:
        return ""
    out = "PASS" if res["pass"] else "MISS"
    if "cpu_pass" in res:
        if not res["cpu_pass"]:
            cpu = "MISS"
        else:
            cpu = "PASS" if res.get("cpu_spare", True) else "TIGHT"
        out += " / " + cpu
    return out


def known_rows(r, line, verdict):
    """(14) and (15), the go-live flood, when known issues exist."""
    fix = r.get("known_fix", {})
    if "median" in fix:
        line(
            "(14) fixing a known issue, 1 000 linked open tickets, committed",
            fix,
            fix["target"],
            verdict(fix),
        )
    suggest = r.get("known_suggest", {})
    if "median" in suggest:
        line(
            f"(15) known-issue suggestions, {suggest['tickets']:,} tickets",
            suggest,
            suggest["target"],
            verdict(suggest),
        )


def closing_rows(r, line, text, verdict):
    """(13) the handover at close, when it ran."""
    cl = r.get("closing")
    if cl:
        line(
            f"(13) closing, {cl['open_tickets']:,} open tickets, committed",
            cl,
            cl["target"],
            verdict(cl),
        )
        text(
            "    (info) of which the handover PDF (wkhtmltopdf cpu apart)",
            fmt(max(v or 0 for v in cl["report_ms"])),
            fmt(max(cl["pdf_children_cpu_ms"])),
        )


def self_help_row(r, line, verdict):
    """(12) the knowledge bridge's search, when it ran."""
    sh = r.get("self_help_search")
    if sh:
        line(
            f"(12) self-help search, {sh['pages']:,} pages",
            sh,
            sh["target"],
            verdict(sh),
        )


def format_rows(rows):
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


def write_json(results, path):
    path.write_text(json.dumps(results, indent=2, default=str))


def print_report(results, out_json):
    """The header, the table and the closing lines on standard output."""
    args, m = results["args"], results["machine"]
    n_open = args["tickets"]
    n_closed = results["fixture"]["total"] - n_open
    print()
    if args["what_if"]:
        print(f"WHAT-IF run, with: {', '.join(args['what_if'])} (not the module as is)")
    print(
        f"hypercare_support benchmark: {n_open:,} open + {n_closed:,} closed tickets; "
        f"{m['nproc']} x {m.get('cpu', '?')}, {m.get('ram_gib', '?')} GiB, "
        f"{m['postgresql'].split(' on ')[0]}, Odoo {m['odoo']}"
    )
    print(table(results, results["scan_idle"]["open_tickets"]))
    if args.get("only"):
        print(f"\nJSON: {out_json}   total {results['total_s']:.0f} s")
        return
    print(
        "\nmedian/min/max: wall clock; cpu: median CPU time of this process and its"
        " PostgreSQL backend\n(a lower bound of the time on an idle machine); load"
        f" average {m['loadavg_start'][0]:.1f} at start,"
        f" {m['loadavg_end'][0]:.1f} at end"
        f" on {m['nproc']} cores."
    )
    print(f"\nJSON: {out_json}   total {results['total_s']:.0f} s")


def print_rows(results, out_json):
    """The table of the rows run alone (--only)."""
    rows = []

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

    self_help_row(results, line, verdict)
    m = results["machine"]
    print(f"\nhypercare_support benchmark, rows alone: {results['args']['only']}")
    print(format_rows(rows))
    print(
        f"\nload average {m['loadavg_start'][0]:.1f} at start,"
        f" {m['loadavg_end'][0]:.1f} at end on {m['nproc']} cores."
    )
    print(f"\nJSON: {out_json}   total {results['total_s']:.0f} s")


def misses(results):
    """The measures that missed their target. SPEC judges a row on its cpu
    column, with 10 % to spare (a ratio at its limit): the wall clock is
    printed beside it, and decides only a row without a cpu column. The wall
    clock of (13) also holds wkhtmltopdf, which the cpu column leaves out
    (another process: its cpu is printed with the row)."""

    def missed(res):
        if "cpu_spare" in res:
            return res["cpu_spare"] is False
        return res.get("pass") is False

    return [k for k in TARGETS if missed(results.get(k, {}))]
