"""The load test's database (Odoo side): the people, the fixture's open
tickets on the go-live's charter, the tickets that come due during the run,
and what the clients need to know (data.json)."""

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixture import Fixture  # noqa: E402

PASSWORD = "load-test-2026"
ROLES = {"user": "load_user", "champion": "load_champion", "manager": "load_manager"}
# who reported the fixture's tickets: people of their own, so that an end
# user's My issues holds only what they raise during the run
REPORTERS = 20
FUNCTIONS = ["Finance", "Sales", "Warehouse", "Purchase"]
# the business records issues are raised from (model, name search)
SOURCE_MODELS = ["res.partner"]


class CharterFixture(Fixture):
    """The benchmark's bulk tickets, on one existing charter (the go-live's),
    reported by ``reporters`` and owned by ``owners``."""

    def setup_on(self, charter, reporters, owners):
        env = self.env
        self.charter_bh = self.charter_24 = charter
        self.charters = charter
        self.reporters = list(reporters)
        self.owners = list(owners)
        self.charter_info = {
            charter.id: {
                "charter": charter,
                "project": charter.project_id,
                "stages": {s.name: s for s in charter.project_id.type_ids},
                "severities": {
                    s.level: s for s in charter.severity_ids if s.phase != "bau"
                },
                "bau_severities": {
                    s.level: s for s in charter.severity_ids if s.phase == "bau"
                },
                "calendar": charter._get_calendar(),
            }
        }
        self.partner_of = {
            user.id: user.partner_id.id for user in self.owners + self.reporters
        }
        self.subtype_ids = (
            env["mail.message.subtype"].default_subtypes("project.task")[0].ids
        )
        self._template_rows()
        env.cr.commit()

    def _keep_quiet(self, rows):
        """The benchmark keeps its next 45 minutes quiet; here tickets may come
        due (a go-live morning). Only move those whose business-hours clock
        would fall due at once when the working day starts: a few shifts by
        hours, then leave the rest."""
        try:
            super()._keep_quiet(rows)
        except RuntimeError:
            pass


def _users(env, role, count, groups):
    """``count`` users of a role in one create, all with the password of the
    first (hashed once: hashing is slow by design, ~0.3 s a user)."""
    prefix = ROLES.get(role, f"load_{role}")
    logins = [f"{prefix}{i:03d}" for i in range(count)]
    existing = env["res.users"].search([("login", "in", logins)])
    missing = [
        i for i, login in enumerate(logins) if login not in existing.mapped("login")
    ]
    Users = env["res.users"].with_context(
        no_reset_password=True, mail_create_nolog=True, tracking_disable=True
    )
    users = Users.create(
        [
            {
                "login": logins[i],
                "name": f"Load {role.title()} {i:03d}",
                "email": f"{logins[i]}@example.com",
                "notification_type": "inbox",
                "group_ids": [(6, 0, groups)],
            }
            for i in missing
        ]
    )
    if users:
        users[0].password = PASSWORD
        users.flush_recordset()
        env.cr.execute(
            "UPDATE res_users SET password ="
            " (SELECT password FROM res_users WHERE id = %s)"
            " WHERE id = ANY(%s)",
            [users[0].id, users.ids],
        )
    users = (existing | users).sorted("login")
    return users


def populate(env, users=150, champions=40, managers=10, tickets=10000, seed=7):
    """Users, roster lines and open tickets on the active charter."""
    ref = env.ref
    base = [ref("base.group_user").id]
    staff = base + [ref("project.group_project_user").id]
    end_users = _users(env, "user", users, base)
    champ = _users(
        env,
        "champion",
        champions,
        staff + [ref("hypercare_support.group_hypercare_champion").id],
    )
    _users(
        env,
        "manager",
        managers,
        staff + [ref("hypercare_support.group_hypercare_manager").id],
    )
    charter = env["hypercare.charter"]._get_active_charter() or _new_charter(
        env, champ[0]
    )
    on_roster = charter.champion_ids.mapped("user_id")
    lines = [
        {
            "charter_id": charter.id,
            "user_id": user.id,
            "function": FUNCTIONS[i % len(FUNCTIONS)],
            "support_layer": "l1" if i % 4 else "l2",
            "phone": f"+32 2 555 {10 + i // 100:02d} {i % 100:02d}",
            "on_call": i % 5 == 0,
        }
        for i, user in enumerate(champ)
        if user not in on_roster
    ]
    env["hypercare.champion"].create(lines)
    charter.write({"scope_user_ids": [(4, u.id) for u in end_users]})
    env.cr.commit()
    fixture = CharterFixture(env, seed, datetime.utcnow().replace(microsecond=0))
    reporters = _users(env, "reporter", REPORTERS, base)
    fixture.setup_on(charter, reporters=reporters, owners=champ)
    env.cr.execute(
        "SELECT count(*) FROM project_task WHERE hypercare_charter_id = %s"
        " AND hypercare_is_open",
        [charter.id],
    )
    missing = tickets - env.cr.fetchone()[0]
    if missing > 0:
        fixture.load(missing)
    env.cr.commit()
    return charter


def _new_charter(env, champion):
    """A charter when the database has no demo go-live (the test command's)."""
    today = datetime.utcnow().date()
    charter = env["hypercare.charter"].create(
        {
            "name": "Load test go-live",
            "go_live_date": today - timedelta(days=3),
            "planned_end_date": today + timedelta(days=40),
            "incident_lead_id": env.ref("base.user_admin").id,
            "baseline_weekly_volume": 400.0,
            "champion_ids": [
                (0, 0, {"user_id": champion.id, "function": FUNCTIONS[0]})
            ],
        }
    )
    charter.action_activate()
    env.cr.commit()
    return charter


def prepare_run(env, run_seconds, due_count, seed=11):
    """Before a run: the scan every minute with a twin (both servers' cron
    workers scan at once), other jobs postponed, and ``due_count`` open
    tickets whose clocks warn and fail during the run. Returns data.json's
    content."""
    rng = random.Random(seed)
    charter = env["hypercare.charter"]._get_active_charter()
    scan = env.ref("hypercare_support.ir_cron_sla_scan")
    scan.write({"interval_number": 1, "interval_type": "minutes", "active": True})
    twin = env["ir.cron"].search(
        [("name", "=", "Hypercare: SLA scan (twin, load test)")]
    )
    if not twin:
        twin = scan.copy({"name": "Hypercare: SLA scan (twin, load test)"})
    others = env["ir.cron"].search([("id", "not in", (scan | twin).ids)])
    others.write({"nextcall": datetime.utcnow() + timedelta(days=1)})
    due = _coming_due(env, charter, run_seconds, due_count, rng)
    env.cr.commit()
    users = {
        role: env["res.users"]
        .search([("login", "=like", f"{p}%")], order="id")
        .mapped("login")
        for role, p in ROLES.items()
    }
    partners = env["res.partner"].search(
        [("is_company", "=", True)], limit=50, order="id"
    )
    return {
        "db": env.cr.dbname,
        "password": PASSWORD,
        "charter_id": charter.id,
        "charter_name": charter.name,
        "ticket_model": "project.task",
        "users": users,
        "due_ids": due,
        "crons": (scan | twin).ids,
        "sources": [["res.partner", p.id, p.display_name] for p in partners],
        "my_issues_action": env.ref(
            "hypercare_support.hypercare_my_issues_action_server"
        ).id,
        "board_action": env.ref("hypercare_support.project_task_hypercare_action").id,
        "standup_view": env.ref(
            "hypercare_support.hypercare_charter_view_form_standup"
        ).id,
    }


def _coming_due(env, charter, run_seconds, count, rng):
    """``count`` open, never answered tickets of the charter whose response
    clock warns, then fails, and whose resolution clock warns, then fails,
    within the run (stored clocks set as the scan reads them)."""
    cr = env.cr
    cr.execute(
        """SELECT id FROM project_task
            WHERE hypercare_charter_id = %s AND hypercare_state = 'open'
              AND date_acknowledged IS NULL AND support_layer = 'l1'
         ORDER BY id LIMIT %s""",
        [charter.id, count],
    )
    ids = [r[0] for r in cr.fetchall()]
    now = datetime.utcnow().replace(microsecond=0)
    # warning to deadline: a quarter of the run (20-90 s), so that scans fall
    # in between in a long run; the last deadline soon after the run's end
    gap = min(max(run_seconds / 4, 20), 90)
    span = max(run_seconds - 2 * gap, 10)
    for task_id in ids:
        t1 = now + timedelta(seconds=20 + rng.uniform(0, span))
        vals = {
            "id": task_id,
            "reported": now - timedelta(minutes=5),
            "rw": t1,
            "rd": t1 + timedelta(seconds=gap),
            "sw": t1 + timedelta(seconds=gap / 2),
            "sd": t1 + timedelta(seconds=2 * gap),
        }
        cr.execute(
            """UPDATE project_task SET date_reported = %(reported)s,
                 response_warning_date = %(rw)s, response_deadline = %(rd)s,
                 resolution_warning_date = %(sw)s, resolution_deadline = %(sd)s,
                 sla_response_status = 'ongoing', sla_resolution_status = 'ongoing',
                 sla_status = 'ongoing', sla_breached = false,
                 sla_response_notified = NULL, sla_resolution_notified = NULL,
                 sla_next_check = %(rw)s, sla_next_deadline = %(rd)s
               WHERE id = %(id)s""",
            vals,
        )
    env.invalidate_all()
    return ids
