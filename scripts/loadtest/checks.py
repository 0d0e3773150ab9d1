"""After the run: nothing lost, nothing doubled (Odoo side)."""

import json
from collections import Counter

from workers_analysis import NOTE, STATUS


def check_outcomes(env, data, out, failures):
    """Every submitted token once, with its reporter and charter; every
    acknowledged ticket acknowledged; every SLA transition of the tickets
    that came due noted once, with one activity per note."""
    cr = env.cr
    submitted = json.loads((out / "submitted.json").read_text())
    acknowledged = json.loads((out / "acknowledged.json").read_text())
    fig = Counter(submitted=len(submitted), acknowledged=len(set(acknowledged)))
    tokens = {s["token"]: s for s in submitted}
    found = Counter()
    if tokens:
        cr.execute(
            """SELECT substring(name from '\\[([0-9a-f]{12})\\]'), id,
                      hypercare_reporter_id, hypercare_charter_id
                 FROM project_task WHERE name ~ '\\[[0-9a-f]{12}\\]'"""
        )
        for token, task_id, reporter, charter in cr.fetchall():
            if token not in tokens:
                continue
            found[token] += 1
            entry = tokens[token]
            if reporter != entry["uid"]:
                failures.append(
                    f"issue {token}: reporter {reporter}, not {entry['login']}"
                )
            if charter != data["charter_id"]:
                failures.append(f"issue {token}: charter {charter}")
            if entry["ticket"] and entry["ticket"] != task_id:
                failures.append(
                    f"issue {token}: ticket {task_id}, the client saw {entry['ticket']}"
                )
    for token, entry in tokens.items():
        if found[token] == 0 and entry.get("ticket"):
            failures.append(f"issue {token} of {entry['login']} lost")
        elif found[token] == 0:
            fig["submits that failed (no ticket, reported as failed requests)"] += 1
        elif found[token] > 1:
            failures.append(
                f"issue {token} of {entry['login']} created {found[token]} times"
            )
    fig["issues found once"] = sum(1 for n in found.values() if n == 1)
    if acknowledged:
        cr.execute(
            "SELECT count(*) FROM project_task"
            " WHERE id = ANY(%s) AND date_acknowledged IS NULL",
            [sorted(set(acknowledged))],
        )
        missing = cr.fetchone()[0]
        if missing:
            failures.append(
                f"{missing} acknowledged ticket(s) without date_acknowledged"
            )
    _check_transitions(env, data["due_ids"], fig, failures)
    return dict(fig)


def _check_transitions(env, due_ids, fig, failures):
    """As the workers check: each clock's at-risk and failed noted at most
    once, the failure (every due clock is past) exactly once; one activity
    per note."""
    cr = env.cr
    notes, acts = Counter(), Counter()
    cr.execute(
        """SELECT res_id, body FROM mail_message WHERE model = 'project.task'
             AND res_id = ANY(%s) AND body ~ 'SLA (response|resolution) is now'""",
        [due_ids],
    )
    for res_id, body in cr.fetchall():
        acts["notes", res_id] += 1
        for clock, label in NOTE.findall(body):
            notes[res_id, clock, STATUS[label]] += 1
    cr.execute(
        """SELECT res_id, count(*) FROM mail_activity WHERE res_model = 'project.task'
             AND res_id = ANY(%s) AND summary IN ('SLA at risk', 'SLA breached')
           GROUP BY res_id""",
        [due_ids],
    )
    for res_id, n in cr.fetchall():
        acts["activities", res_id] = n
    fig["due tickets"] = len(due_ids)
    for res_id in due_ids:
        for clock in ("response", "resolution"):
            for status in ("at_risk", "failed"):
                n = notes[res_id, clock, status]
                fig["transitions noted"] += n
                if n > 1:
                    failures.append(
                        f"ticket {res_id}: {clock} {status} noted {n} times"
                    )
                elif n == 0 and status == "failed":
                    failures.append(
                        f"ticket {res_id}: {clock} failed never noted (lost)"
                    )
                elif n == 0:
                    fig["at risk folded into failed (no scan in between)"] += 1
        if acts["notes", res_id] != acts["activities", res_id]:
            failures.append(
                f"ticket {res_id}: {acts['activities', res_id]} activities for "
                f"{acts['notes', res_id]} notes"
            )
