#!/usr/bin/env python3
"""Two Odoo servers in workers mode on one database: the SLA scan, once.

    .venv/bin/python scripts/workers_check.py --conf ODOO_CONF --source-db DB
                                              [--db NAME] [--keep]

Copies DB (every addon of the repository installed) to NAME and starts two
servers on it with the venv's ``odoo`` script (``--workers 2
--max-cron-threads 1``, ports of their own). Besides the SLA scan cron (every
minute) the copy gets a twin of it, so that the two servers' cron workers
really scan at the same time. Tickets of both carriers are created whose
response and resolution clocks warn and fail 45 s to 2 min later; both crons
are triggered every few seconds meanwhile. Then it checks:

- each transition (a clock at risk, a clock failed) is noted once in the
  ticket's chatter, with one activity for the owner (the incident lead when
  there is none); each breach appears in one digest; P2 tickets escalate once
  per breach. None is lost: an at-risk may only fold into the failure when no
  complete scan ran between the warning and the deadline (read from the logs);
- each server's gevent process starts once and stays up: a client logged in
  on each ``/websocket`` port receives a bus notification sent from the
  database at the start and at the end, and the scan's notifications;
- the project charter, closed as its Close button does, is handed over by
  the queued job on a server's cron worker, in committed batches (its
  progress counts every open ticket), with its report attached;
- neither server logs an ERROR, a CRITICAL or a traceback.

Prints the figures; exits non-zero naming each failure. The servers are
stopped, and NAME dropped unless --keep, whatever happens.
"""

import argparse
import os
import shutil
import signal
import sys
import time
from collections import Counter
from datetime import timedelta

from workers_analysis import analyse, log_problems, overlaps, parse_runs
from workers_servers import T0, BusClient, CheckFailed, Server, say, wait_for

TICK = 3  # seconds between two triggers of the scan crons
WAVES = 2  # waves of tickets, WAVE_GAP seconds apart
WAVE_GAP = 10
PER_LEVEL = 3  # tickets per carrier, severity and wave
RATIO = 0.75  # warning ratio: 45/60/75/100 s after creation for a high ticket
SLA_SECONDS = {"high": (60, 100), "medium": (70, 115)}
GRACE = 60  # seconds after the last deadline for every transition to be noted
CARRIERS = {"project.task": "T", "helpdesk.ticket": "H"}
PASSWORD = "workers-check-lead-2026"


# ---------------------------------------------------------------- database


def open_database(conf, source, db):
    """A copy of ``source`` named ``db`` (template copy plus filestore)."""
    import odoo  # noqa: F401 (sets Odoo up)
    from odoo import sql_db
    from odoo.modules.registry import Registry
    from odoo.service.db import _drop_conn
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn", "--no-http"])
    drop_database(db)
    with sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        _drop_conn(cr, source)
        cr.execute(f'CREATE DATABASE "{db}" ENCODING \'unicode\' TEMPLATE "{source}"')
    if os.path.isdir(config.filestore(source)):
        shutil.copytree(config.filestore(source), config.filestore(db))
    return Registry(db)


def drop_database(db):
    from odoo import sql_db
    from odoo.modules.registry import Registry
    from odoo.service.db import _drop_conn
    from odoo.tools import config

    Registry.delete(db)
    sql_db.close_db(db)
    with sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        _drop_conn(cr, db)
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    shutil.rmtree(config.filestore(db), ignore_errors=True)


def env_of(registry):
    """A superuser environment on a new cursor, committed on leaving."""
    from odoo import SUPERUSER_ID, api

    class Ctx:
        def __enter__(self):
            self.cr = registry.cursor()
            return api.Environment(self.cr, SUPERUSER_ID, {})

        def __exit__(self, exc_type, *exc):
            if exc_type is None:
                self.cr.commit()
            self.cr.close()

    return Ctx()


def prepare(registry):
    """Users, a charter per carrier with fast SLAs, the crons."""
    from odoo import Command, fields

    with env_of(registry) as env:
        groups = env.ref("base.group_user")
        lead = env["res.users"].create(
            {
                "name": "Workers Lead",
                "login": "workers_lead",
                "password": PASSWORD,
                "notification_type": "inbox",
                "group_ids": [
                    Command.set(
                        (
                            groups
                            | env.ref("hypercare_support.group_hypercare_manager")
                        ).ids
                    )
                ],
            }
        )
        champion = env["res.users"].create(
            {
                "name": "Workers Champion",
                "login": "workers_champion",
                "notification_type": "inbox",
                "group_ids": [
                    Command.set(
                        (
                            groups
                            | env.ref("hypercare_support.group_hypercare_champion")
                        ).ids
                    )
                ],
            }
        )
        team = env["helpdesk.ticket.team"].create(
            {"name": "Workers check", "user_ids": [Command.set((lead | champion).ids)]}
        )
        charters = {}
        for model, extra in (
            ("project.task", {}),
            ("helpdesk.ticket", {"team_id": team.id}),
        ):
            charter = env["hypercare.charter"].create(
                dict(
                    extra,
                    name=f"Workers check {CARRIERS[model]}",
                    go_live_date=fields.Date.today() - timedelta(days=3),
                    planned_end_date=fields.Date.today() + timedelta(days=30),
                    incident_lead_id=lead.id,
                    champion_ids=[
                        Command.create(
                            {
                                "user_id": champion.id,
                                "function": "Finance",
                                "support_layer": "l1",
                                "on_call": True,
                                "phone": "+32 2 555 12 34",
                            }
                        )
                    ],
                )
            )
            charter.action_activate()
            for severity in charter.severity_ids:
                if severity.level in SLA_SECONDS:
                    response, resolution = SLA_SECONDS[severity.level]
                    severity.write(
                        {
                            "response_hours": response / 3600,
                            "resolution_hours": resolution / 3600,
                            "business_hours_only": False,
                            "warning_ratio": RATIO,
                        }
                    )
            charters[model] = charter
        scan = env.ref("hypercare_support.ir_cron_sla_scan")
        scan.write({"interval_number": 1, "interval_type": "minutes"})
        twin = scan.copy({"name": "Hypercare: SLA scan (twin, workers check)"})
        # unrelated jobs wait: they would only slow the first runs down
        others = env["ir.cron"].search([("id", "not in", (scan | twin).ids)])
        others.write({"nextcall": fields.Datetime.now() + timedelta(days=1)})
        return {
            "lead": lead.id,
            "lead_partner": lead.partner_id.id,
            "champion": champion.id,
            "charters": {m: c.id for m, c in charters.items()},
            "crons": (scan | twin).ids,
        }


def create_wave(registry, ids, wave):
    """PER_LEVEL tickets per carrier and severity; every other has no owner."""
    from odoo import Command

    created = []
    with env_of(registry) as env:
        for model, letter in CARRIERS.items():
            charter = env["hypercare.charter"].browse(ids["charters"][model])
            vals_list = []
            for level in SLA_SECONDS:
                severity = charter.severity_ids.filtered(
                    lambda s, lv=level: s.level == lv and s.phase != "bau"
                )
                for i in range(PER_LEVEL):
                    owner = ids["champion"] if i % 2 else False
                    vals = {"name": f"WK{letter}{wave}{level[0]}{i} workers check"}
                    vals["severity_id"] = severity.id
                    if model == "project.task":
                        vals["project_id"] = charter.project_id.id
                        vals["user_ids"] = [Command.set([owner] if owner else [])]
                    else:
                        vals["team_id"] = charter.team_id.id
                        vals["description"] = "<p>Workers check</p>"
                        vals["user_id"] = owner
                    vals_list.append(vals)
            for ticket in env[model].create(vals_list):
                created.append(
                    {
                        "model": model,
                        "id": ticket.id,
                        "tag": ticket.name.split()[0],
                        "level": ticket.severity_level,
                        "layer": ticket.support_layer,
                        "owner": ticket._hypercare_owner().id or ids["lead"],
                        "response": (
                            ticket.response_warning_date,
                            ticket.response_deadline,
                        ),
                        "resolution": (
                            ticket.resolution_warning_date,
                            ticket.resolution_deadline,
                        ),
                    }
                )
    return created


def trigger(registry, ids):
    with env_of(registry) as env:
        for cron in env["ir.cron"].browse(ids["crons"]):
            cron._trigger()


def send_ping(registry, ids, nonce):
    with env_of(registry) as env:
        partner = env["res.partner"].browse(ids["lead_partner"])
        env["bus.bus"]._sendone(partner, "hypercare/workers_check", {"nonce": nonce})


def all_noted(registry, tickets):
    with env_of(registry) as env:
        for model in CARRIERS:
            wanted = [t["id"] for t in tickets if t["model"] == model]
            env.cr.execute(
                f"""SELECT count(*) FROM {env[model]._table} WHERE id = ANY(%s)
                    AND sla_response_notified = 'failed'
                    AND sla_resolution_notified = 'failed'""",  # noqa: S608
                [wanted],
            )
            if env.cr.fetchone()[0] != len(wanted):
                return False
    return True


def crons_idle(registry, ids):
    from psycopg2.errors import LockNotAvailable

    with registry.cursor() as cr:
        try:
            cr.execute(
                "SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT",
                [ids["crons"]],
                log_exceptions=False,
            )
        except LockNotAvailable:
            return False
        finally:
            cr.rollback()
    return True


def bus_last_id(registry):
    with env_of(registry) as env:
        return env["bus.bus"].sudo()._bus_last_id()


def ping_all(registry, ids, clients, nonce, failures):
    t = time.monotonic()
    send_ping(registry, ids, nonce)
    try:
        wait_for(
            f"bus notification {nonce}",
            lambda: all(c.got(nonce) for c in clients.values()),
            20,
        )
        took = time.monotonic() - t
        say(f"bus: '{nonce}' reached the clients of both servers in {took:.1f} s")
    except CheckFailed as error:
        missed = [s for s, c in clients.items() if not c.got(nonce)]
        failures.append(f"{error}: not received on server(s) {', '.join(missed)}")


# ---------------------------------------------------------------- main


def start_servers(args, registry, ids, servers):
    """Both servers up, their HTTP and gevent ports answering, a scan run done
    by each one's cron worker (registries loaded)."""
    for name in "AB":
        servers.append(Server(name, args.conf, args.db))
    for s in servers:
        wait_for(f"server {s.name} (HTTP)", lambda s=s: s.answers("/web/health"), 180)
        wait_for(
            f"server {s.name} (gevent)",
            lambda s=s: s.answers("/websocket/health", gevent=True),
            60,
        )
    say("both servers answer; waiting for a scan run on each one's cron worker")
    wait_for(
        "a scan run on each server",
        lambda: (
            trigger(registry, ids)
            or all(parse_runs([s], ids["crons"]) for s in servers)
        ),
        240,
        step=TICK,
    )


def run_tickets(registry, ids, failures):
    """Tickets in waves, the crons triggered every TICK s until every clock
    of every ticket is noted failed (or GRACE s after the last deadline)."""
    from odoo import fields

    tickets, started = [], time.monotonic()
    for wave in range(WAVES):
        tickets += create_wave(registry, ids, wave)
        say(f"wave {wave + 1}: {len(tickets)} tickets created")
        for _tick in range(WAVE_GAP // TICK if wave < WAVES - 1 else 0):
            trigger(registry, ids)
            time.sleep(TICK)
    last_deadline = max(t["resolution"][1] for t in tickets)
    while True:
        trigger(registry, ids)
        now = fields.Datetime.now()
        if now > last_deadline + timedelta(seconds=2) and all_noted(registry, tickets):
            break
        if now > last_deadline + timedelta(seconds=GRACE):
            failures.append(f"clocks still not noted {GRACE} s after the last deadline")
            break
        time.sleep(TICK)
    seconds = time.monotonic() - started
    say(f"every clock noted failed {seconds:.0f} s after the first tickets")
    return tickets, seconds


def run_handover(registry, ids, failures):
    """Close the project charter as its Close button does (the request
    closes and queues the job) and wait for a server's cron worker to hand
    its open tickets over in committed batches."""
    from odoo import api

    with env_of(registry) as env:
        lead = env["res.users"].browse(ids["lead"])
        charter = env["hypercare.charter"].browse(ids["charters"]["project.task"])
        charter.bau_contact_id = lead
        open_ids = charter.project_id.task_ids.filtered("hypercare_is_open").ids
        t = time.monotonic()
        api.Environment(env.cr, lead.id, {})["hypercare.charter"].browse(
            charter.id
        ).action_close(override_reason="Workers check")
        say(f"close request returned in {time.monotonic() - t:.2f} s")

    def done():
        with env_of(registry) as env:
            return env["hypercare.charter"].browse(
                ids["charters"]["project.task"]
            ).handover_state in ("done", "stopped")

    started = time.monotonic()
    wait_for("the handover job on a cron worker", done, 180, step=TICK)
    with env_of(registry) as env:
        charter = env["hypercare.charter"].browse(ids["charters"]["project.task"])
        tickets = env["project.task"].browse(open_ids)
        cron = env.ref("hypercare_support.ir_cron_charter_handover")
        progress = env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        moved = tickets.filtered(
            lambda t: t.hypercare_handover_date and t.user_ids == charter.bau_contact_id
        )
        say(
            f"handover: {charter.handover_state} after "
            f"{time.monotonic() - started:.0f} s, {len(moved)}/{len(tickets)} open "
            f"tickets handed over, {sum(progress.mapped('done'))} counted in the "
            f"job's committed progress, report {charter.handover_attachment_id.name}"
        )
        if charter.handover_state != "done":
            failures.append(
                f"handover {charter.handover_state}: {charter.handover_error}"
            )
        if len(moved) != len(tickets) or not tickets:
            failures.append(
                f"handover moved {len(moved)} of {len(tickets)} open tickets"
            )
        if sum(progress.mapped("done")) != len(tickets):
            failures.append("the handover did not run as the queued cron job")
        if not charter.handover_attachment_id:
            failures.append("no handover report attached")


def check_clients(clients, failures):
    for name, client in clients.items():
        types = Counter(m["type"] for m in client.messages)
        say(f"bus client on server {name} received: {dict(types)}")
        if client.error or not client.ws.connected:
            failures.append(f"bus client of server {name} disconnected: {client.error}")
        if not types["mail.activity/updated"]:
            failures.append(
                f"server {name}: the scan's activities never reached the lead's client"
            )
        client.close()


def run_check(args, state, failures):
    say(f"copying {args.source_db} to {args.db}")
    registry = state["registry"] = open_database(args.conf, args.source_db, args.db)
    ids = prepare(registry)
    servers, clients = state["servers"], state["clients"]
    start_servers(args, registry, ids, servers)
    last = bus_last_id(registry)
    for s in servers:
        clients[s.name] = BusClient(s, args.db, "workers_lead", PASSWORD, last)
    ping_all(registry, ids, clients, "start", failures)
    tickets, seconds = run_tickets(registry, ids, failures)
    wait_for("the scan crons to finish", lambda: crons_idle(registry, ids), 120)
    run_handover(registry, ids, failures)
    ping_all(registry, ids, clients, "end", failures)
    check_clients(clients, failures)
    for s in servers:
        s.stop()
    runs = parse_runs(servers, ids["crons"])
    with env_of(registry) as env:
        charter_ids = list(ids["charters"].values())
        fig = analyse(env, tickets, charter_ids, runs, failures)
    say("figures: " + "; ".join(f"{k}: {v}" for k, v in fig.items()))
    say(
        f"scan runs: {dict(Counter(r['server'] for r in runs))} by server, "
        f"{overlaps(runs)} overlapping pairs across servers, "
        f"{sum(r['done'] for r in runs)} tickets processed, "
        f"{sum(1 for r in runs if r['stopped'])} stopped early by a concurrent "
        f"commit; every clock noted {seconds:.0f} s after the first tickets"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conf", required=True, help="Odoo configuration file")
    parser.add_argument("--source-db", required=True, help="database with the addons")
    parser.add_argument("--db", default="hc_workers_check", help="the copy to run on")
    parser.add_argument("--keep", action="store_true", help="keep the copy")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(143))
    failures, state = [], {"registry": None, "servers": [], "clients": {}}
    try:
        run_check(args, state, failures)
    except CheckFailed as error:
        failures.append(str(error))
    finally:
        for client in state["clients"].values():
            client.close()
        for server in state["servers"]:
            server.stop()
            log_problems(server, failures)
        if state["registry"] is not None and not args.keep:
            say(f"dropping {args.db}")
            drop_database(args.db)
    say(f"done in {time.monotonic() - T0:.0f} s")
    if failures:
        shown = failures[:40] + [f"... and {len(failures) - 40} more"] * (
            len(failures) > 40
        )
        print("\nworkers check FAILED:", *shown, sep="\n  - ", file=sys.stderr)
        sys.exit(1)
    print("workers check: passed")


if __name__ == "__main__":
    main()
