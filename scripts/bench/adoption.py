"""(10) The adoption metrics of one charter as the dashboard reads them: the
four exit measures, the satisfaction average and the weekly charts, on a
go-live with its floor log, pulses and daily activity."""

from datetime import timedelta

from .common import WEEKS, log

SCOPE_EXTRA = 240  # users going live on top of the fixture's users
FLOOR_LOGS = 20_000


def seed_adoption(bench):
    """Users going live, floor-log entries, pulses and a daily activity record
    over the fixture's weeks (bulk SQL; the users through the ORM)."""
    env, fx = bench.env, bench.fx
    charter = fx.charter_bh
    users = env["res.users"].with_context(
        no_reset_password=True, mail_create_nolog=True
    )
    group = env.ref("base.group_user")
    extra = users.create(
        [
            {
                "login": f"bench_golive{i}",
                "name": f"Going Live {i}",
                "group_ids": [(6, 0, group.ids)],
            }
            for i in range(SCOPE_EXTRA)
        ]
    )
    scope = extra.ids + [u.id for u in fx.reporters + fx.owners]
    charter.scope_user_ids = [(6, 0, scope)]
    env.flush_all()
    cr = env.cr
    start = fx.now - timedelta(weeks=WEEKS)
    cr.execute(
        """
        INSERT INTO hypercare_floor_log
               (charter_id, company_id, user_id, date, business_function, topic,
                minutes, outcome, create_uid, create_date, write_uid, write_date)
        SELECT %(charter)s, %(company)s, %(user)s,
               %(start)s + (n * interval '1 second' * %(span)s / %(count)s),
               (ARRAY['Finance','Sales','Warehouse','Purchase'])[1 + n %% 4],
               'Question ' || (n %% 50), 1 + n %% 10,
               CASE WHEN n %% 5 = 0 THEN 'ticket' ELSE 'answered' END,
               1, now(), 1, now()
          FROM generate_series(1, %(count)s) AS n
        """,
        {
            "charter": charter.id,
            "company": charter.company_id.id,
            "user": fx.champion.id,
            "start": start,
            "span": int((fx.now - start).total_seconds()),
            "count": FLOOR_LOGS,
        },
    )
    cr.execute(
        """
        INSERT INTO hypercare_user_activity
               (charter_id, company_id, user_id, date, business_function,
                create_uid, create_date, write_uid, write_date)
        SELECT %(charter)s, %(company)s, u, d::date, 'Finance', 1, now(), 1, now()
          FROM unnest(%(users)s) AS u,
               generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS d
         WHERE (u + extract(doy FROM d)::int) %% 5 <> 0
        """,
        {
            "charter": charter.id,
            "company": charter.company_id.id,
            "users": scope,
            "start": start,
            "end": fx.now,
        },
    )
    cr.execute(
        """
        INSERT INTO hypercare_pulse
               (charter_id, company_id, user_id, date, week_start, score,
                create_uid, create_date, write_uid, write_date)
        SELECT %(charter)s, %(company)s, u, w + interval '10 hours', w::date,
               1 + (u + extract(week FROM w)::int) %% 5, 1, now(), 1, now()
          FROM unnest(%(users)s) AS u,
               generate_series(date_trunc('week', %(start)s::timestamp),
                               %(end)s::timestamp, interval '1 week') AS w
        """,
        {
            "charter": charter.id,
            "company": charter.company_id.id,
            "users": scope,
            "start": start,
            "end": fx.now,
        },
    )
    cr.execute("ANALYZE hypercare_floor_log, hypercare_user_activity, hypercare_pulse")
    env.invalidate_all()
    return len(scope)


def adoption(bench):
    """(10) measured: adoption metrics + satisfaction + weekly charts, as the
    charter's manager; and the daily activity record's INSERT ... SELECT."""
    env = bench.env
    if "hypercare.pulse" not in env:
        bench.results["adoption"] = {"status": "n/a (not implemented)"}
        return None
    scope = seed_adoption(bench)
    charter = bench.fx.charter_bh.with_user(bench.fx.manager)

    def metrics():
        return (
            charter._hypercare_adoption_metrics(),
            charter._hypercare_satisfaction(),
            charter._hypercare_adoption_weekly(),
        )

    res, outs = bench.timed(metrics, bench.args.runs)
    adoption_metrics = outs[-1][0]
    res["scope_users"] = scope
    res["values"] = {
        k: adoption_metrics[k]
        for k in ("internal_resolution", "howto_trend", "active_users", "pulse")
    }
    bench.results["adoption"] = res
    bench.check("adoption", res["median"], None, metrics)
    Activity = env["hypercare.user.activity"]
    cron, _outs = bench.timed(Activity._cron_record_activity, 3)
    bench.results["adoption"]["activity_cron"] = cron
    env.cr.rollback()
    log(
        f"  median {res['median']:.1f} ms, cpu {res['cpu_median']:.1f} ms,"
        f" {res['queries_last_run']} queries; activity cron {cron['median']:.1f} ms"
    )
    return res
