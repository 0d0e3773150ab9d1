"""What scripts/workers_check.py reads back: the scan runs from the servers'
logs, and the notes, activities, digests and escalations of every ticket,
checked against one transition = one note line, one activity per note, one
digest line per breach note, one escalation per breach of a P2."""

import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\d+) (\w+) \S+ (\S+): (.*)"
)
JOB_START = re.compile(r"Job '.*' \((\d+)\) starting")
JOB_END = re.compile(
    r"Job '.*' \((\d+)\) (fully done|partially done|failed) .*done (\d+);"
)
STOPPED = re.compile(r"SLA scan on (\S+): concurrent update, stopping")
NOTE = re.compile(r"SLA (response|resolution) is now (At risk|Failed)")
STATUS = {"At risk": "at_risk", "Failed": "failed"}
ESCALATED = re.compile(r"Escalated automatically to L\d")
TAG = re.compile(r"\bWK[TH]\d[hm]\d\b")  # the tickets' names start with it
LAYERS = ["l1", "l2", "l3", "l4"]
BOTH_FAILED = ("failed", "failed")


def parse_runs(servers, cron_ids):
    """Scan runs read from the logs: server, start, end, tickets done, and the
    models on which the run stopped early (a concurrent scan's commit)."""
    runs, running = [], {}
    for server in servers:
        for line in server.text().splitlines():
            m = LINE.match(line)
            if not m:
                continue
            when = datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S,%f")
            pid, msg = (server.name, m[2]), m[5]
            if (job := JOB_START.search(msg)) and int(job[1]) in cron_ids:
                running[pid] = {"server": server.name, "start": when, "stopped": set()}
            elif (stop := STOPPED.search(msg)) and pid in running:
                running[pid]["stopped"].add(stop[1])
            elif (job := JOB_END.search(msg)) and pid in running:
                run = running.pop(pid)
                run.update(end=when, status=job[2], done=int(job[3]))
                runs.append(run)
    return runs


def overlaps(runs):
    """Pairs of scan runs of different servers that ran at the same time."""
    return sum(
        1
        for i, a in enumerate(runs)
        for b in runs[i + 1 :]
        if a["server"] != b["server"]
        and a["start"] < b["end"]
        and b["start"] < a["end"]
    )


def log_problems(server, failures):
    """ERROR/CRITICAL lines, tracebacks and gevent restarts in a server's log."""
    text = server.text()
    bad = [
        line
        for line in text.splitlines()
        if ((m := LINE.match(line)) and m[3] in ("ERROR", "CRITICAL"))
        or line.startswith("Traceback")
        or "DistributionNotFound" in line
    ]
    if bad:
        failures.append(
            f"server {server.name} logged {len(bad)} error line(s), see {server.log}:"
            + "".join(f"\n      {line[:300]}" for line in bad[:8])
        )
    workers = Counter(re.findall(r"Worker (WorkerHTTP|WorkerCron) \(\d+\) alive", text))
    if workers["WorkerHTTP"] < 2 or workers["WorkerCron"] < 1:
        failures.append(f"server {server.name} not in workers mode: {dict(workers)}")
    started = text.count("Evented Service (longpolling) running")
    if started != 1:
        failures.append(
            f"server {server.name}: its gevent process started {started} times "
            "(a restart loop, or it never ran)"
        )


def read_outcomes(env, tickets, charter_ids):
    """Per ticket: scan notes, activity users, final layer/statuses/notified
    marks; and the ticket tags of each digest."""
    notes, acts, final = defaultdict(list), defaultdict(list), {}
    cr = env.cr
    for model in {t["model"] for t in tickets}:
        mine = [t["id"] for t in tickets if t["model"] == model]
        cr.execute(
            """SELECT res_id, body FROM mail_message
                WHERE model = %s AND res_id = ANY(%s)
                  AND body ~ 'SLA (response|resolution) is now' ORDER BY id""",
            [model, mine],
        )
        for res_id, body in cr.fetchall():
            notes[model, res_id].append(body)
        cr.execute(
            """SELECT res_id, user_id FROM mail_activity
                WHERE res_model = %s AND res_id = ANY(%s)
                  AND summary IN ('SLA at risk', 'SLA breached')""",
            [model, mine],
        )
        for res_id, user_id in cr.fetchall():
            acts[model, res_id].append(user_id)
        for rec in env[model].browse(mine):
            final[model, rec.id] = (
                rec.support_layer,
                (rec.sla_response_status, rec.sla_resolution_status),
                (rec.sla_response_notified, rec.sla_resolution_notified),
            )
    cr.execute(
        """SELECT body FROM mail_message WHERE model = 'hypercare.charter'
             AND res_id = ANY(%s) AND subject LIKE '%%new SLA breaches%%'""",
        [charter_ids],
    )
    digests = [TAG.findall(body) for (body,) in cr.fetchall()]
    return notes, acts, final, digests


def check_clock(t, clock, lines, runs, fig, failures):
    """Each transition of one clock noted once; an at-risk may only be missing
    when no complete scan run started after the warning and ended before the
    deadline (such a run would have found the ticket due and at risk)."""
    warning, deadline = t[clock]
    for status in ("at_risk", "failed"):
        n = lines[clock, status]
        fig["transitions"] += 1
        if n > 1:
            label = status.replace("_", " ")
            failures.append(f"{t['tag']}: {clock} {label} noted {n} times")
        elif n == 0 and status == "failed":
            failures.append(f"{t['tag']}: {clock} failed never noted (lost)")
        elif n == 0:
            saw = [
                r
                for r in runs
                if r["start"] >= warning + timedelta(seconds=1)
                and r["end"] < deadline
                and t["model"] not in r["stopped"]
            ]
            if saw:
                failures.append(
                    f"{t['tag']}: {clock} at risk never noted (lost), though the scan "
                    f"run of server {saw[0]['server']} at {saw[0]['start']:%H:%M:%S.%f}"
                    f" found it due (warning {warning:%H:%M:%S}, deadline "
                    f"{deadline:%H:%M:%S})"
                )
            else:
                fig["transitions"] -= 1
                fig["at risk folded into failed (no scan in between)"] += 1


def check_ticket(t, notes, acts, final, mentions, runs, fig, failures):
    tag = t["tag"]
    lines, breach_notes, escalations = Counter(), 0, 0
    for body in notes:
        found = [(clock, STATUS[label]) for clock, label in NOTE.findall(body)]
        lines.update(found)
        breach_notes += any(status == "failed" for _clock, status in found)
        escalations += len(ESCALATED.findall(body))
    fig["notes"] += len(notes)
    fig["transitions noted"] += sum(lines.values())
    fig["activities"] += len(acts)
    fig["escalations"] += escalations
    for clock in ("response", "resolution"):
        check_clock(t, clock, lines, runs, fig, failures)
    layer, statuses, notified = final
    if statuses != BOTH_FAILED or notified != BOTH_FAILED:
        failures.append(f"{tag}: statuses {statuses}, notified {notified}")
    if len(acts) != len(notes):
        failures.append(f"{tag}: {len(acts)} activities for {len(notes)} notes")
    if any(user != t["owner"] for user in acts):
        failures.append(f"{tag}: an activity for a user other than the owner")
    if mentions[tag] != breach_notes:
        failures.append(
            f"{tag}: in {mentions[tag]} digests, {breach_notes} breach notes"
        )
    want = breach_notes if t["level"] == "high" else 0
    if escalations != want or layer != LAYERS[LAYERS.index(t["layer"]) + want]:
        failures.append(
            f"{tag}: {escalations} escalations, now {layer}, for {breach_notes} "
            f"breach notes of a {t['level']} ticket"
        )


def analyse(env, tickets, charter_ids, runs, failures):
    """Check every ticket; returns the figures."""
    notes, acts, final, digests = read_outcomes(env, tickets, charter_ids)
    mentions = Counter(tag for digest in digests for tag in digest)
    for digest in digests:
        for tag, n in Counter(digest).items():
            if n > 1:
                failures.append(f"{tag}: listed {n} times in one digest")
    fig = Counter(tickets=len(tickets), digests=len(digests))
    fig["digest lines"] = sum(mentions.values())
    for t in tickets:
        key = (t["model"], t["id"])
        check_ticket(
            t, notes[key], acts[key], final[key], mentions, runs, fig, failures
        )
    return fig
