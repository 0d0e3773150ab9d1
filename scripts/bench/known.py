"""(14) and (15): a go-live flood. Fixing a known issue that 1 000 open
tickets are linked to (each resolved, its reporter told), committed; and the
known-issue suggestions for a typed title among the charter's tickets."""

import time

from .common import cpu_summary, ms, summary

FLOOD = 1000
TITLES = (
    "Posting engine error on vendor bills",
    "Label printer prints blank labels",
    "Bank statement import rejects the file",
    "Picking cannot be validated: negative stock",
    "Invoice PDF shows the wrong VAT number",
    "Payroll export to the bank fails",
    "Scanner does not read the new barcodes",
    "Credit note cannot be reconciled",
)


class KnownIssueMeasures:
    """Known issues on the business-hours charter: floods linked by SQL (as
    the board's Link would leave them), fixed through ``action_fix``."""

    def _known_issue_model(self):
        env = self.env
        if "hypercare.known.issue" not in env:
            self.results["known_fix"] = {"status": "n/a (not implemented)"}
            return None
        return env["hypercare.known.issue"]

    def _link_flood(self, issue, count):
        """Link ``count`` open tickets of the charter, none linked yet."""
        cr = self.env.cr
        cr.execute(
            """UPDATE project_task SET hypercare_known_issue_id = %s
                WHERE id IN (SELECT id FROM project_task
                              WHERE hypercare_charter_id = %s
                                AND hypercare_is_open
                                AND hypercare_known_issue_id IS NULL
                              ORDER BY id LIMIT %s)""",
            (issue.id, issue.charter_id.id, count),
        )
        linked = cr.rowcount
        cr.commit()
        self.env.invalidate_all()
        return linked

    def known_issue_fix(self, runs=3):
        """(14) ``action_fix`` of a known issue with ``FLOOD`` linked open
        tickets, by a champion, committed; each run on a new flood."""
        KnownIssue = self._known_issue_model()
        if KnownIssue is None:
            return None
        env, cr, fx = self.env, self.env.cr, self.fx
        samples, cpu, resolved = [], [], []
        for run in range(runs):
            issue = KnownIssue.create(
                {
                    "charter_id": fx.charter_bh.id,
                    "name": f"{TITLES[0]} (flood {run + 1})",
                    "workaround": "<p>Post the bill from the journal meanwhile.</p>",
                }
            )
            cr.commit()
            linked = self._link_flood(issue, FLOOD)
            as_champion = issue.with_user(fx.champion)
            c0, t0 = self.cpu(), time.perf_counter()
            as_champion.action_fix("<p>Fixed in tonight's hotfix.</p>")
            cr.commit()
            elapsed, c1 = time.perf_counter() - t0, self.cpu()
            samples.append(ms(elapsed))
            cpu.append(ms(c1 - c0))
            cr.execute(
                "SELECT count(*) FROM project_task WHERE hypercare_known_issue_id = %s"
                " AND hypercare_state = 'done'",
                (issue.id,),
            )
            resolved.append((linked, cr.fetchone()[0]))
            env.invalidate_all()
        res = summary(samples)
        res.update(cpu_summary(cpu))
        res["linked_resolved"] = resolved
        self.results["known_fix"] = res
        self.check("known_fix", res["median"])
        return res

    def known_issue_suggest(self, issues=200):
        """(15) the suggestions the report dialog asks for while the user
        types, with ``issues`` open known issues on the charter."""
        KnownIssue = self._known_issue_model()
        if KnownIssue is None:
            return None
        cr, fx = self.env.cr, self.fx
        KnownIssue.create(
            [
                {
                    "charter_id": fx.charter_bh.id,
                    "name": f"{TITLES[i % len(TITLES)]} #{i}",
                }
                for i in range(issues)
            ]
        )
        cr.commit()
        Suggest = KnownIssue.with_user(fx.reporters[0])
        typed = "posting engine error vendor bill"

        def suggest():
            return Suggest._hypercare_suggest(typed, fx.charter_bh).ids

        res, outs = self.timed(suggest, self.args.runs, warmup=2)
        cr.execute(
            "SELECT count(*) FROM project_task WHERE hypercare_charter_id = %s",
            (fx.charter_bh.id,),
        )
        res["tickets"] = cr.fetchone()[0]
        res["suggested"] = len(outs[-1])
        self.results["known_suggest"] = res
        self.check("known_suggest", res["median"], None, suggest)
        return res
