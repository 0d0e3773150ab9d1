"""Measures of the user-facing operations: (3) creation, (4) the exit gate and
(5) the champion's triage board."""

import random
import time

from .closing import ClosingMeasures
from .common import MODULE, QUIET_CREATE, TYPE_MIX, ms, pick, summary
from .dashboard import DashboardMeasures
from .database import vacuum
from .edits import EditMeasures
from .known import KnownIssueMeasures
from .scan import ScanMeasures
from .self_help import SelfHelpMeasures
from .watch import WatchMeasures


class Bench(
    ScanMeasures,
    EditMeasures,
    DashboardMeasures,
    WatchMeasures,
    SelfHelpMeasures,
    ClosingMeasures,
    KnownIssueMeasures,
):
    """Every measure of the benchmark, on the data of ``fixture``."""

    # -- (3) creation --------------------------------------------------------------

    def creation(self):
        env, cr = self.env, self.env.cr
        admin = env.ref("base.user_admin")
        Task = env["project.task"].with_user(admin).with_context(**QUIET_CREATE)
        fx = self.fx
        info = fx.charter_info[fx.charter_bh.id]
        bh_severities = [
            s for s in info["severities"].values() if s.business_hours_only
        ]
        rng = random.Random(7)
        total, batch = self.args.create, self.args.create_batch
        base_vals = [
            {
                "name": f"Created ticket {i}",
                "priority": "1" if rng.random() < 0.15 else "0",
                "user_ids": [(6, 0, [rng.choice(fx.owners).id])],
                "description": "<p>Steps: open the screen, click, error.</p>",
            }
            for i in range(total)
        ]
        hc_extra = [
            {
                "project_id": info["project"].id,
                "severity_id": bh_severities[i % len(bh_severities)].id,
                "issue_type": pick(rng, TYPE_MIX),
                "support_layer": "l1",
                "hypercare_reporter_id": rng.choice(fx.reporters).id,
            }
            for i in range(total)
        ]
        times = {"plain": [], "hypercare": []}
        created = {"plain": [], "hypercare": []}
        # alternate batches so both kinds see the same machine and table state
        cpu = {"plain": [], "hypercare": []}
        for n, start in enumerate(range(0, total, batch)):
            kinds = ("plain", "hypercare") if n % 2 == 0 else ("hypercare", "plain")
            for kind in kinds:
                vals = []
                for i in range(start, min(start + batch, total)):
                    v = dict(base_vals[i])
                    if kind == "plain":
                        v["project_id"] = fx.plain_project.id
                    else:
                        v.update(hc_extra[i])
                    vals.append(v)
                c0 = self.cpu()
                t0 = time.perf_counter()
                records = Task.create(vals)
                env.flush_all()
                cr.commit()
                times[kind].append(time.perf_counter() - t0)
                cpu[kind].append(self.cpu() - c0)
                created[kind] += records.ids
                env.invalidate_all()
        res = {}
        for kind in ("plain", "hypercare"):
            res[f"{kind}_tickets_per_s"] = round(total / sum(times[kind]), 1)
            res[f"{kind}_batch_ms"] = summary([ms(t) for t in times[kind]])
            res[f"{kind}_tickets_per_cpu_s"] = round(total / sum(cpu[kind]), 1)
        res["ratio_pct"] = round(
            100.0 * res["hypercare_tickets_per_s"] / res["plain_tickets_per_s"], 1
        )
        res["cpu_ratio_pct"] = round(
            100.0 * res["hypercare_tickets_per_cpu_s"] / res["plain_tickets_per_cpu_s"],
            1,
        )
        res["tickets"] = total
        res["batch"] = batch
        # the created hypercare tickets must carry business-hours deadlines
        sample = env["project.task"].browse(created["hypercare"][:50])
        res["sample_with_deadlines"] = sum(bool(t.resolution_deadline) for t in sample)
        self.results["create_ratio"] = res
        if (
            self.check("create_ratio", res["ratio_pct"]) is False
            and not self.args.no_profile
        ):
            vals = [dict(base_vals[i], **hc_extra[i]) for i in range(batch)]
            self.profile("create_ratio", lambda: (Task.create(vals), env.flush_all()))
            cr.rollback()
        # remove them again: the following measurements see the fixture only
        cr.execute(
            "DELETE FROM project_task WHERE id = ANY(%s)",
            (created["plain"] + created["hypercare"],),
        )
        cr.commit()
        env.invalidate_all()
        vacuum(cr.dbname)
        return res

    # -- (4) exit gate ------------------------------------------------------------

    def exit_gate(self):
        env = self.env
        if (
            "hypercare.exit.criterion" not in env
            or "exit_ready" not in env["hypercare.charter"]._fields
        ):
            self.results["exit_gate"] = {"status": "n/a (not implemented)"}
            return None
        charter = self.fx.charter_bh.with_user(self.fx.manager)
        Criterion = env["hypercare.exit.criterion"]
        crit_fields = [f for f in ("current_value", "is_met") if f in Criterion._fields]

        def evaluate():
            criteria = charter.exit_criterion_ids
            for fname in crit_fields:
                field = Criterion._fields[fname]
                if field.store and field.compute:
                    env.add_to_compute(field, criteria.sudo())
            field = charter._fields["exit_ready"]
            if field.store:
                env.add_to_compute(field, charter.sudo())
            values = [(c.kind, c.current_value, c.is_met) for c in criteria]
            return charter.exit_ready, values

        res, outs = self.timed(evaluate, self.args.runs)
        env.cr.rollback()
        ready, values = outs[-1]
        res["exit_ready"] = ready
        res["criteria"] = [
            {"kind": k, "current_value": v, "is_met": m} for k, v, m in values
        ]
        self.results["exit_gate"] = res
        self.check("exit_gate", res["median"], None, evaluate)
        env.cr.rollback()
        return res

    # -- (5) kanban ---------------------------------------------------------------

    def board_view(self, Task, action):
        """The action's kanban view as the web client loads it: the specification
        of its fields, its default order and the "open" filter of its search view
        (applied by default through ``search_default_open``)."""
        from lxml import etree

        from odoo.tools.safe_eval import safe_eval

        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban")[:1]
        view = kanban.view_id or self.env.ref("project.view_task_kanban")
        views = Task.get_views(
            [(view.id, "kanban"), (action.search_view_id.id, "search")]
        )
        arch = etree.fromstring(views["views"]["kanban"]["arch"])
        fields_info = views["models"]["project.task"]
        fields_info = fields_info.get("fields", fields_info)
        spec = {}
        for node in arch.iter("field"):
            name = node.get("name")
            if name not in fields_info or name in spec:
                continue
            ftype = fields_info[name]["type"]
            if ftype in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        order = arch.get("default_order") or Task._order
        domain = safe_eval(action.domain or "[]")
        search = etree.fromstring(views["views"]["search"]["arch"])
        for node in search.iter("filter"):
            if node.get("name") == "open" and node.get("domain"):
                domain += safe_eval(node.get("domain"), {"uid": Task.env.uid})
        return view, spec, order, domain

    def kanban(self):
        env = self.env
        user = self.fx.champion
        action = env.ref(f"{MODULE}.project_task_hypercare_action")
        ctx = dict(env["res.users"].with_user(user).context_get())
        ctx.update(
            allowed_company_ids=[env.company.id],
            uid=user.id,
            search_default_open=1,
        )
        Task = env["project.task"].with_user(user).with_context(ctx)
        view, spec, order, domain = self.board_view(Task, action)

        def page():
            return Task.web_search_read(
                domain, spec, offset=0, limit=80, order=order, count_limit=10001
            )

        res, outs = self.timed(page, self.args.runs, warmup=2)
        env.cr.rollback()
        res["cards"] = len(outs[-1]["records"])
        res["length"] = outs[-1]["length"]
        res["user"] = user.login
        res["spec_fields"] = len(spec)
        res["domain"] = str(domain)
        res["view"] = view.xml_id or view.name
        res["order"] = order
        self.results["kanban"] = res
        if not self.check("kanban", res["median"], None, page):
            res["explain"] = self.explain_kanban(Task, domain, order)
        env.cr.rollback()

        # the board as it opens by default: grouped by stage, cards of each group
        def grouped():
            return Task.web_read_group(
                domain,
                ["stage_id"],
                ["__count"],
                order=order,
                auto_unfold=True,
                unfold_read_specification=spec,
                unfold_read_default_limit=40,
            )

        try:
            gres, gouts = self.timed(grouped, self.args.runs, warmup=1)
            gres["groups"] = len(gouts[-1]["groups"])
            self.results["kanban_grouped"] = gres
        except Exception as error:  # informational only
            self.results["kanban_grouped"] = {"status": f"error: {error}"}
        env.cr.rollback()
        return res

    def explain_kanban(self, Task, domain, order):
        from odoo.tools import SQL

        query = Task._search(domain, limit=80, order=order)
        self.env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select()))
        return [r[0] for r in self.env.cr.fetchall()]
