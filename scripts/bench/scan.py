"""Measures of the SLA scan: (1) none changing, (2) 1 000 changing, (6) the
per-ticket baseline and (7) growth and memory."""

import time
from datetime import datetime

from .common import cpu_summary, log, ms, summary
from .timing import Timing


class ScanMeasures(Timing):
    """The SLA scan through its two entry points, and the per-ticket baseline."""

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
