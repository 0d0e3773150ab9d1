"""Measure (13): closing a charter with 10 000 open tickets, the handover
committed in batches: every open ticket to the BAU row of its level and to the
BAU contact, then the handover report (PDF) attached to the charter."""

import resource
import time

from .common import cpu_summary, log, ms, summary
from .timing import Timing

CLOSING_TICKETS = 10_000
CLOSING_RUNS = 3  # a true median: two runs gave their mean


class ClosingMeasures(Timing):
    """(13) the handover of a charter at close."""

    def _closing_charter(self, index):
        """A live charter of its own with ``CLOSING_TICKETS`` open tickets
        (bulk SQL, as the fixture loads the others), committed."""
        env, fx = self.env, self.fx
        charter = (
            env["hypercare.charter"]
            .with_user(fx.manager)
            .create(
                {
                    "name": f"Go-live closing {index} (benchmark)",
                    "platform": "odoo",
                    "go_live_date": fx.charter_bh.go_live_date,
                    "planned_end_date": fx.charter_bh.planned_end_date,
                    "calendar_id": fx.charter_bh.calendar_id.id,
                    "incident_lead_id": fx.leads[0].id,
                    "bau_contact_id": fx.leads[1].id,
                    "champion_ids": fx._champion_lines(),
                }
            )
        )
        charter.action_activate()
        info = dict(fx.charter_info[fx.charter_bh.id])
        info.update(
            charter=charter,
            project=charter.project_id,
            stages={s.name: s for s in charter.project_id.type_ids},
            severities={s.level: s for s in charter.severity_ids if s.phase != "bau"},
            bau_severities={
                s.level: s for s in charter.severity_ids if s.phase == "bau"
            },
        )
        fx.charter_info[charter.id] = info
        # the loader picks its rows' charter among these two
        saved = fx.charter_bh, fx.charter_24
        fx.charter_bh = fx.charter_24 = charter
        try:
            fx.template[charter.id] = fx.template[saved[0].id]
            fx.insert(fx.make_rows(CLOSING_TICKETS))
        finally:
            fx.charter_bh, fx.charter_24 = saved
        env.cr.commit()
        env.invalidate_all()
        return charter

    def closing(self):
        env, cr = self.env, self.env.cr
        samples, cpu, children, report_ms = [], [], [], []
        for index in range(1, CLOSING_RUNS + 1):
            charter = self._closing_charter(index)
            cr.execute(
                "SELECT count(*) FROM project_task"
                " WHERE hypercare_charter_id = %s AND hypercare_is_open",
                (charter.id,),
            )
            n_open = cr.fetchone()[0]
            Charter = charter.with_user(self.fx.manager).with_context(
                hypercare_commit=True
            )
            attach = type(charter)._hypercare_attach_handover_report
            spent = []

            def timed_report(record, _attach=attach, _spent=spent):
                t0 = time.perf_counter()
                result = _attach(record)
                _spent.append(time.perf_counter() - t0)
                return result

            type(charter)._hypercare_attach_handover_report = timed_report
            try:
                env.invalidate_all()
                kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                c0 = self.cpu()
                t0 = time.perf_counter()
                # the request, then the queued job as a cron worker runs it
                Charter.action_close(override_reason="Benchmark handover")
                Charter._cron_hypercare_handover()
                env.flush_all()
                cr.commit()
                samples.append(ms(time.perf_counter() - t0))
                cpu.append(ms(self.cpu() - c0))
                kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                children.append(
                    ms(
                        kids1.ru_utime
                        + kids1.ru_stime
                        - kids0.ru_utime
                        - kids0.ru_stime
                    )
                )
            finally:
                type(charter)._hypercare_attach_handover_report = attach
            report_ms.append(ms(spent[0]) if spent else None)
            cr.execute(
                "SELECT count(*) FROM project_task t"
                "  JOIN hypercare_severity s ON s.id = t.severity_id"
                " WHERE t.hypercare_charter_id = %s AND t.hypercare_is_open"
                "   AND s.phase = 'bau' AND t.hypercare_handover_date IS NOT NULL",
                (charter.id,),
            )
            moved = cr.fetchone()[0]
            log(
                f"  closing {n_open:,} open: {samples[-1]:.0f} ms "
                f"(cpu {cpu[-1]:.0f} ms; report {report_ms[-1]:.0f} ms wall, "
                f"wkhtmltopdf cpu {children[-1]:.0f} ms), {moved:,} handed over, "
                f"report attached: {bool(charter.handover_attachment_id)}"
            )
        res = summary(samples)
        res.update(cpu_summary(cpu))
        res.update(
            open_tickets=n_open,
            handed_over=moved,
            report_ms=report_ms,
            pdf_children_cpu_ms=children,
        )
        self.results["closing"] = res
        target = {}

        def setup():
            target["charter"] = self._closing_charter(CLOSING_RUNS + 1)

        def run():
            target["charter"].with_user(self.fx.manager).with_context(
                hypercare_commit=True
            ).action_close(override_reason="Benchmark handover (profiled)")
            env["hypercare.charter"].with_context(
                hypercare_commit=True
            )._cron_hypercare_handover()
            env.flush_all()
            cr.commit()

        self.check("closing", res["median"], setup, run)
        return res
