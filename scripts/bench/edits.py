"""Measure (8): an edit of the severity matrix with thousands of open tickets.
The request recomputes the first batch and leaves the rest to the SLA scan,
triggered at once; the scan finishes the job in committed batches. Closed
tickets must come out unchanged (their outcomes are final)."""

import hashlib
import statistics
import time

from .common import cpu_summary, log, ms, summary
from .timing import Timing

# the edits measured: (label, charter attribute of the fixture, level, field)
EDITS = (
    ("P2, wall clock", "charter_bh", "high", "resolution_hours"),
    ("P3, business hours", "charter_bh", "medium", "response_hours"),
)
MAX_CRON_RUNS = 200


class EditMeasures(Timing):
    """(8) severity edit: the editing request, then the scan's cron runs."""

    def stale_count(self):
        self.env.cr.execute(
            "SELECT count(*) FROM project_task WHERE sla_stale_since IS NOT NULL"
        )
        return self.env.cr.fetchone()[0]

    def closed_fingerprint(self, severity):
        """Digest of the deadlines and statuses of the severity's closed
        tickets: an edit must leave it as it was."""
        cr = self.env.cr
        cr.execute(
            """SELECT id, response_warning_date, response_deadline,
                      resolution_warning_date, resolution_deadline,
                      sla_response_status, sla_resolution_status
                 FROM project_task
                WHERE severity_id = %s AND NOT hypercare_is_open
             ORDER BY id""",
            (severity.id,),
        )
        rows = cr.fetchall()
        return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()

    def finish_by_cron(self):
        """Run the scan's scheduled action as the scheduler would (a new
        cursor, committed batches, its time limit) until nothing is stale."""
        env, cr = self.env, self.env.cr
        cron = env.ref("hypercare_support.ir_cron_sla_scan")
        runs = 0
        t0 = time.perf_counter()
        while self.stale_count() and runs < MAX_CRON_RUNS:
            cron.method_direct_trigger()
            cr.commit()
            runs += 1
        return time.perf_counter() - t0, runs, self.stale_count()

    def severity_edits(self):
        env, cr = self.env, self.env.cr
        fx = self.fx
        results = []
        for label, charter_attr, level, fname in EDITS:
            charter = getattr(fx, charter_attr)
            severity = fx.charter_info[charter.id]["severities"][level]
            severity = severity.with_user(fx.manager)
            cr.execute(
                "SELECT count(*) FROM project_task"
                " WHERE severity_id = %s AND hypercare_is_open",
                (severity.id,),
            )
            n_open = cr.fetchone()[0]
            closed_before = self.closed_fingerprint(severity)
            base = severity[fname]
            samples, cpu, queries, rests = [], [], [], []
            runs = self.args.runs_edit if level == "high" else 1
            for step in range(1, runs + 1):
                env.invalidate_all()
                q0 = cr.sql_log_count
                c0 = self.cpu()
                t0 = time.perf_counter()
                # later deadlines each time: no breach to notify, the cost is
                # the recompute itself
                severity.write({fname: base + step})
                env.flush_all()
                cr.commit()
                samples.append(ms(time.perf_counter() - t0))
                cpu.append(ms(self.cpu() - c0))
                queries.append(cr.sql_log_count - q0)
                left = self.stale_count()
                rest_s, cron_runs, stale_after = self.finish_by_cron()
                rests.append(
                    {
                        "stale_after_request": left,
                        "cron_s": round(rest_s, 2),
                        "cron_runs": cron_runs,
                        "stale_after_cron": stale_after,
                    }
                )
                log(
                    f"  {label}: {n_open} open, request {samples[-1]:.0f} ms "
                    f"(cpu {cpu[-1]:.0f} ms), {left} left to the scan, finished "
                    f"by {cron_runs} cron run(s) in {rest_s:.1f} s"
                )
            env.invalidate_all()
            closed_after = self.closed_fingerprint(severity)
            res = summary(samples)
            res.update(cpu_summary(cpu))
            res.update(
                label=label,
                open_tickets=n_open,
                queries=queries,
                rest=rests,
                cron_s_median=statistics.median(r["cron_s"] for r in rests),
                closed_tickets=closed_before[0],
                closed_unchanged=closed_before == closed_after,
            )
            results.append(res)
        self.results["severity_edit"] = results[0]
        self.results["severity_edit_more"] = results[1:]
        self.check("severity_edit", results[0]["median"])
        return results
