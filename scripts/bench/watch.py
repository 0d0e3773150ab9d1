"""(11) Proactive watch: 50 watch rules evaluated against 100 000-record tables
(the hypercare tickets, res.partner, mail.mail), one count query per rule."""

from .common import log

# (model, domain, date field, age, unit, count threshold): realistic rules on
# indexed date fields; 50 rules are made of them with varied thresholds
WATCH_SAMPLE = [
    (
        "project.task",
        "[('hypercare_is_open', '=', True), ('severity_level', '=', 'critical')]",
        "date_reported",
        4,
        "hours",
        1,
    ),
    (
        "project.task",
        "[('hypercare_is_open', '=', True)]",
        "date_deadline",
        1,
        "days",
        10,
    ),
    (
        "project.task",
        "[('hypercare_is_open', '=', True), ('sla_breached', '=', True)]",
        "date_reported",
        0,
        "hours",
        5,
    ),
    (
        "project.task",
        "[('hypercare_charter_id', '!=', False)]",
        "date_reported",
        14,
        "days",
        1000,
    ),
    (
        "res.partner",
        "[('email', '=', False), ('is_company', '=', False)]",
        "create_date",
        2,
        "days",
        50,
    ),
    (
        "res.partner",
        "[('is_company', '=', True), ('vat', '=', False)]",
        "create_date",
        7,
        "days",
        20,
    ),
    ("mail.mail", "[('state', '=', 'exception')]", "create_date", 0, "hours", 1),
    ("mail.mail", "[('state', '=', 'outgoing')]", "create_date", 1, "hours", 100),
    ("ir.cron", "[('failure_count', '>', 0)]", "first_failure_date", 0, "hours", 1),
    (
        "ir.cron",
        "[('active', '=', False), ('lastcall', '!=', False)]",
        "nextcall",
        0,
        "hours",
        1,
    ),
]
RULES = 50
RECORDS = 100_000


class WatchMeasures:
    """Measure (11): the watch scan of 50 rules."""

    def watch_fixture(self, n=RECORDS):
        """``n`` contacts and ``n`` outgoing e-mails (bulk SQL), a few in
        exception; indexes on the date fields the rules use."""
        cr = self.env.cr
        now = self.fx.now
        log(f"(11) loading {n:,} contacts and {n:,} e-mails (bulk SQL)")
        company = self.env.company.id
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, type, is_company,
                email, vat, company_id, create_date, write_date, create_uid, write_uid)
            SELECT 'Watch contact ' || g, 'Watch contact ' || g, TRUE, 'contact',
                g %% 10 = 0,
                CASE WHEN g %% 7 = 0 THEN NULL ELSE 'c' || g || '@example.com' END,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE 'BE0' || g END, %s,
                %s - make_interval(mins => g %% 86400), %s, 1, 1
            FROM generate_series(1, %s) g
            """,
            [company, now, now, n],
        )
        cr.execute(
            """
            WITH msg AS (
                INSERT INTO mail_message (message_type, subject, date, model, res_id,
                    create_date, write_date, create_uid, write_uid)
                SELECT 'email_outgoing', 'Invoice ' || g, %s - make_interval(mins => g),
                    'res.partner', 1, %s - make_interval(mins => g %% 86400), %s, 1, 1
                FROM generate_series(1, %s) g
                RETURNING id, create_date
            )
            INSERT INTO mail_mail (mail_message_id, state, auto_delete, is_notification,
                email_to, create_date, write_date, create_uid, write_uid)
            SELECT id, CASE WHEN id %% 5000 = 0 THEN 'exception'
                            WHEN id %% 50 = 0 THEN 'outgoing' ELSE 'sent' END,
                FALSE, FALSE, 'x@example.com', create_date, create_date, 1, 1
            FROM msg
            """,
            [now, now, now, n],
        )
        for table, column in (
            ("res_partner", "create_date"),
            ("mail_mail", "create_date"),
        ):
            cr.execute(
                f"CREATE INDEX IF NOT EXISTS bench_{table}_{column}_idx"
                f" ON {table} ({column})"
            )
        cr.execute("ANALYZE res_partner; ANALYZE mail_mail; ANALYZE project_task")
        self.env.invalidate_all()
        cr.commit()

    def watch_rules(self):
        """Evaluate 50 rules: a warm-up run raises the tickets of those that
        trip; the measured runs find them open (the steady state)."""
        env = self.env
        charter = self.fx.charter_bh
        Rule = env["hypercare.watch.rule"].sudo()
        rules = Rule.create(
            [
                {
                    "charter_id": charter.id,
                    "name": f"Watch {i}: {model}",
                    "model_name": model,
                    "domain": domain,
                    "date_field_name": fname,
                    "age_value": age + i // len(WATCH_SAMPLE),
                    "age_unit": unit,
                    "count_threshold": threshold * (1 + i // len(WATCH_SAMPLE)),
                    "severity_level": "high",
                }
                for i, (model, domain, fname, age, unit, threshold) in (
                    (i, WATCH_SAMPLE[i % len(WATCH_SAMPLE)]) for i in range(RULES)
                )
            ]
        )
        env.cr.commit()
        runs = env["hypercare.first.run"]
        Charter = env["hypercare.charter"]
        counts = {}
        for model in ("project.task", "res.partner", "mail.mail"):
            env.cr.execute(f"SELECT count(*) FROM {env[model]._table}")
            counts[model] = env.cr.fetchone()[0]

        def run():
            Charter._hypercare_watch_run(rules, runs)
            env.flush_all()

        res, _outs = self.timed(run, self.args.runs, warmup=1)
        env.cr.rollback()
        run()
        res["rules"] = len(rules)
        res["tripped"] = len(rules.filtered("tripped"))
        res["failed"] = len(rules.filtered("last_error"))
        res["table_rows"] = counts
        env.cr.rollback()
        self.results["watch_rules"] = res
        self.check("watch_rules", res["median"], None, run)
        log(
            f"  median {res['median']:.1f} ms, cpu {res['cpu_median']:.1f} ms; "
            f"{res['tripped']} tripped, {res['failed']} failed; rows {counts}"
        )
        if res["failed"]:
            log(f"  failed: {rules.filtered('last_error').mapped('last_error')}")
        return res
