"""The bulk loader of tickets: rows whose computed columns hold what the ORM
would compute, written with COPY."""

import io
import json
from collections import defaultdict
from datetime import datetime, timedelta

from .addon import add_working_hours, severity_rank, status_rank, ticket_columns
from .common import (
    DECISIONS,
    FUNCTIONS,
    LAYER_MIX,
    LEVEL_MIX,
    OPEN_STAGE_MIX,
    QUIET_WINDOW,
    TYPE_MIX,
    WEEKS,
    pick,
)

# columns of project_task outside the ticket mixin the loader writes itself
TASK_COLUMNS = (
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
)


class TicketLoader:
    """Ticket rows (dicts) for the charters of the fixture, with every column the
    ticket mixin computes, and their COPY into project_task. The charters, users
    and template rows are set up by the subclass (``Fixture.setup``)."""

    def __init__(self, env, rng, now):
        self.env = env
        self.rng = rng
        self.now = now
        self.Task = env["project.task"]
        self.rank = status_rank()
        self.columns = [*TASK_COLUMNS, *ticket_columns(self.Task)]

    # -- computed columns, as the mixin computes them --------------------------

    def deadlines(self, rows):
        """Fill the four deadline columns of the rows (dicts), and the two
        deadlines of the BAU row of their level, per calendar in one go (the
        module's own working-hours arithmetic, see ``addon.add_working_hours``:
        no calendar query per ticket)."""
        by_calendar = defaultdict(list)
        for row in rows:
            sev = row["_sev"]
            bau = row["_info"]["bau_severities"].get(sev.level) or sev
            # each clock gets the pause credited to it (the response clock only
            # what was paused before the first response), in its row's unit
            ratio = sev.warning_ratio or 1.0
            planned = [
                (sev.response_hours * ratio, sev, "sla_response_paused"),
                (sev.response_hours, sev, "sla_response_paused"),
                (sev.resolution_hours * ratio, sev, "sla_paused"),
                (sev.resolution_hours, sev, "sla_paused"),
                (bau.response_hours, bau, "sla_response_paused"),
                (bau.resolution_hours, bau, "sla_paused"),
            ]
            row["_planned"] = [None] * len(planned)
            start = row["date_reported"]
            for index, (hours, severity, paused) in enumerate(planned):
                if severity.business_hours_only:
                    hours += row.get(f"{paused}_business_hours") or 0.0
                    by_calendar[row["_calendar"]].append((row, index, hours))
                else:
                    hours += row.get(f"{paused}_hours") or 0.0
                    row["_planned"][index] = start + timedelta(hours=hours)
        for calendar, items in by_calendar.items():
            requests = [(row["date_reported"], h) for row, _index, h in items]
            reached = add_working_hours(calendar, requests)
            for (row, index, _h), value in zip(items, reached, strict=True):
                row["_planned"][index] = value
        for row in rows:
            self._set_deadlines(row, row.pop("_planned"))

    @staticmethod
    def _set_deadlines(row, values):
        (
            row["response_warning_date"],
            row["response_deadline"],
            row["resolution_warning_date"],
            row["resolution_deadline"],
            row["bau_response_deadline"],
            row["bau_resolution_deadline"],
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
        rank = self.rank
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
            "hypercare_severity_rank": severity_rank(level),
            "issue_type": pick(rng, TYPE_MIX),
            "support_layer": pick(rng, LAYER_MIX),
            "business_function": rng.choice(FUNCTIONS),
            "hypercare_reporter_id": rng.choice(self.reporters).id,
            "priority": "1" if rng.random() < 0.15 else "0",
            "sla_paused_hours": 0.0,
            "sla_paused_business_hours": 0.0,
            "sla_response_paused_hours": 0.0,
            "sla_response_paused_business_hours": 0.0,
            "sla_pause_start": None,
            "sla_stale_since": None,
            "date_acknowledged": None,
            "date_triaged": None,
            "date_resolved": None,
            "triage_decision": None,
            "date_end": None,
            "active": True,
            "hypercare_handover_date": None,
            "hypercare_critical_alerted": False,
            "hypercare_layer_since": None,
        }

    def _open_row(self):
        rng = self.rng
        info = self.charter_info[
            self.charter_bh.id if rng.random() < self.bh_share else self.charter_24.id
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
            # a pause within working hours: the same in both units
            row["sla_paused_hours"] = round(rng.uniform(0.5, 8.0), 2)
            row["sla_paused_business_hours"] = row["sla_paused_hours"]
            if stage == "New":
                # never answered: the response clock was paused as well
                row["sla_response_paused_hours"] = row["sla_paused_hours"]
                row["sla_response_paused_business_hours"] = row["sla_paused_hours"]
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
            self.charter_bh.id if rng.random() < self.bh_share else self.charter_24.id
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
        for attempt in range(40):
            noisy = [
                r for r in rows if r["sla_next_check"] and r["sla_next_check"] <= limit
            ]
            if not noisy:
                return
            for row in noisy:
                # a business-hours clock can land in the window again after a
                # short shift (a deadline at the next opening): shift further
                # on each attempt
                shift = QUIET_WINDOW * (1 + attempt // 5) + timedelta(
                    minutes=self.rng.randint(1, 90)
                )
                row["date_reported"] -= shift
                for fname in ("date_acknowledged", "date_triaged"):
                    if row[fname]:
                        row[fname] -= shift
            self.deadlines(noisy)
            for row in noisy:
                self.statuses(row, self.now)
        raise RuntimeError("could not keep the fixture quiet")

    # -- bulk insert ------------------------------------------------------------

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
            values = [task_id] + [row.get(c) for c in self.columns]
            values += [tpl[c] for c in template_cols]
            buf.write("\t".join(_copy_value(v) for v in values))
            buf.write("\n")
            if row["_owner"]:
                rel.write(f"{task_id}\t{row['_owner']}\n")
        buf.seek(0)
        rel.seek(0)
        cols = ["id"] + self.columns + template_cols
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
