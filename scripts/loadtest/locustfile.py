"""Go-live morning: end users, champions and managers on the web client's
JSON-RPC routes (run by scripts/loadtest/run.py in the load virtualenv).

Environment: LOAD_DATA (data.json of setup_db.prepare_run), LOAD_HOSTS
(comma-separated server URLs; people are spread over them), LOAD_OUT (where
the request log and the submitted tokens go).

Each request is named by its kind ("report: submit", "board", ...). A
JSON-RPC error counts as a failed request. The specifications sent are built
from the views the server returns (get_views), as the web client does.
"""

import random
import time
import uuid

from client import ACKNOWLEDGED, DATA, MISSED, SUBMITTED, WORDS, OdooUser
from locust import between, constant, task


class EndUser(OdooUser):
    """Raises issues from a business record and reloads My issues."""

    weight = 150
    role = "user"
    wait_time = between(20, 60)

    def on_start(self):
        super().on_start()
        self.tokens = []

    @task(3)
    def report_issue(self):
        model, res_id, rec_name = random.choice(DATA["sources"])
        ctx = {
            "default_source_url": f"/odoo/action-contacts/{res_id}",
            "default_source_action": "Contacts",
            "default_source_model": model,
            "default_source_res_id": res_id,
            "default_source_name": rec_name,
        }
        action = self.rpc(
            "/web/action/load",
            {
                "action_id": "hypercare_support.hypercare_report_issue_action",
                "context": ctx,
            },
            "report: open (action)",
        )
        if action is None:
            return
        spec = self.view(
            "hypercare.report.issue", False, "form", "report: get_views", action["id"]
        )
        if spec is None:
            return
        Wizard = "hypercare.report.issue"
        first = self.call(
            Wizard,
            "onchange",
            [[], {}, [], spec],
            {"context": ctx},
            "report: open (onchange)",
        )
        if first is None:
            return
        values = first["value"]
        self.pause(3, 8)  # typing the summary: known issues and knowledge pages
        token = uuid.uuid4().hex[:12]
        title = f"Cannot post the {random.choice(WORDS)} [{token}]"
        typed = self.call(
            Wizard,
            "onchange",
            [[], dict(values, name=title), ["name"], spec],
            {"context": ctx},
            "report: search known issues and knowledge (onchange)",
        )
        if typed is None:
            return
        self.pause(5, 15)  # the description
        vals = {
            "name": title,
            "description": f"Error when validating, load test {token}",
            "impact": random.choice(["blocked", "workaround", "question"]),
            "issue_type": "defect",
        }
        for key in (
            "source_model",
            "source_res_id",
            "source_name",
            "source_action",
            "source_url",
        ):
            vals[key] = values.get(key)
        saved = self.call(
            Wizard,
            "web_save",
            [[], vals],
            {"context": ctx, "specification": {}},
            "report: save",
        )
        if not saved:
            return
        entry = {"token": token, "login": self.login, "uid": self.uid, "ticket": None}
        SUBMITTED.append(entry)
        result = self.call(
            Wizard,
            "action_submit",
            [[saved[0]["id"]]],
            {"context": ctx},
            "report: submit",
            button=True,
        )
        if not result:
            entry["error"] = "submit failed"
            return
        entry["ticket"] = result["res_id"]
        self.tokens.append(token)
        # the web client opens the new issue in the reporter's form at once
        view_id = result["views"][0][0]
        spec = self.view(result["res_model"], view_id, "form", "my issue: get_views")
        if spec is None:
            return

        def own_issue(res):
            if not res:
                MISSED.append({"token": token, "where": "form", "at": time.time()})
                return "the new issue is not readable yet (replica lag?)"
            return None

        self.call(
            result["res_model"],
            "web_read",
            [[result["res_id"]]],
            {"context": result.get("context") or {}, "specification": spec},
            "report: my new issue (form)",
            check=own_issue,
        )

    @task(2)
    def my_issues(self):
        action = self.rpc(
            "/web/action/run",
            {"action_id": DATA["my_issues_action"], "context": {}},
            "my issues: action",
        )
        if not action:
            return
        list_view = next(v for v, t in action["views"] if t == "list")
        spec = self.view(action["res_model"], list_view, "list", "my issues: get_views")
        if spec is None:
            return
        domain = [
            ["hypercare_charter_id", "!=", False],
            ["hypercare_reporter_id", "=", self.uid],
        ]
        mine = list(self.tokens)

        def all_there(res):
            names = " ".join(r.get("name", "") for r in res["records"])
            lost = [t for t in mine if t not in names]
            if lost:
                MISSED.append({"token": lost, "where": "my issues", "at": time.time()})
                return f"own issues missing from My issues: {lost}"
            return None

        self.call(
            action["res_model"],
            "web_search_read",
            [],
            {
                "specification": spec,
                "offset": 0,
                "order": "",
                "limit": 80,
                "count_limit": 10001,
                "domain": domain,
                "context": action.get("context")
                if isinstance(action.get("context"), dict)
                else {},
            },
            "my issues",
            check=all_there,
        )


BOARD_DOMAIN = [
    "&",
    "&",
    ["hypercare_charter_id", "!=", False],
    ["hypercare_charter_id.state", "!=", "closed"],
    ["hypercare_is_open", "=", True],
]
PROGRESS = {
    "field": "sla_status",
    "colors": {
        "failed": "danger",
        "at_risk": "warning",
        "ongoing": "info",
        "met": "success",
    },
}


class Champion(OdooUser):
    """Works the board: opens cards, acknowledges, triages, escalates some,
    logs the questions answered on the floor."""

    weight = 40
    role = "champion"
    wait_time = between(5, 20)

    def on_start(self):
        super().on_start()
        self.cards = []
        self.board_views = {}
        self.avoid = set(DATA["due_ids"])

    def board(self):
        model = DATA["ticket_model"]
        if not self.board_views:
            action = self.rpc(
                "/web/action/load",
                {"action_id": DATA["board_action"], "context": {}},
                "board: action",
            )
            if not action:
                return
            self.board_views = {t: v for v, t in action["views"]}
        kanban = self.board_views.get("kanban", False)
        spec = self.view(
            model, kanban, "kanban", "board: get_views", DATA["board_action"]
        )
        if spec is None:
            return
        self.call(
            "hypercare.triage.session",
            "get_triage_state",
            [],
            {},
            "board: triage state",
        )
        res = self.call(
            model,
            "web_read_group",
            [],
            {
                "domain": BOARD_DOMAIN,
                "groupby": ["stage_id"],
                "aggregates": ["__count"],
                "offset": 0,
                "limit": 80,
                "order": self.orders[(model, kanban, "kanban")],
                "auto_unfold": True,
                "unfold_read_specification": spec,
                "unfold_read_default_limit": 40,
            },
            "board",
        )
        self.call(
            model,
            "read_progress_bar",
            [],
            {"domain": BOARD_DOMAIN, "group_by": "stage_id", "progress_bar": PROGRESS},
            "board: progress bars",
        )
        if res:
            cards = []
            for group in res["groups"]:
                recs = group.get("__records") or []
                if isinstance(recs, dict):
                    recs = recs.get("records", [])
                cards += [r for r in recs if r["id"] not in self.avoid]
            self.cards = cards

    @task(4)
    def triage_card(self):
        self.board()
        if not self.cards:
            return
        model = DATA["ticket_model"]
        card = random.choice(self.cards[:40])
        form = self.view(
            model,
            self.board_views.get("form", False),
            "form",
            "card: get_views",
            DATA["board_action"],
        )
        if form is None:
            return
        self.call(
            model, "web_read", [[card["id"]]], {"specification": form}, "card: open"
        )
        self.pause(2, 6)
        fresh = [c for c in self.cards if not c.get("date_acknowledged")]
        if fresh:
            card = random.choice(fresh)
            ok = self.call(
                model,
                "action_hypercare_acknowledge",
                [[card["id"]]],
                {},
                "card: acknowledge",
                button=True,
            )
            if ok is not None:
                ACKNOWLEDGED.append(card["id"])
        self.call(
            "hypercare.severity",
            "search_read",
            [],
            {
                "domain": [["charter_id", "=", DATA["charter_id"]]],
                "fields": ["name", "level"],
            },
            "card: severity menu",
        )
        self.call(
            model,
            "action_hypercare_set_severity",
            [[card["id"]], random.choice(["medium", "low"])],
            {},
            "card: set severity",
            button=True,
        )
        self.call(
            model,
            "action_hypercare_set_decision",
            [[card["id"]], random.choice(["fix", "workaround", "training"])],
            {},
            "card: set decision",
            button=True,
        )
        if random.random() < 0.2 and card.get("support_layer") == "l1":
            self.escalate(card)

    def escalate(self, card):
        model = DATA["ticket_model"]
        action = self.call(
            model,
            "action_hypercare_escalate",
            [[card["id"]]],
            {"context": {"hypercare_escalate_dialog": True}},
            "escalate: dialog",
            button=True,
        )
        if not action:
            return
        Wizard = action["res_model"]
        ctx = action.get("context") or {}
        spec = self.view(Wizard, False, "form", "escalate: get_views")
        if spec is None:
            return
        first = self.call(
            Wizard,
            "onchange",
            [[], {}, [], spec],
            {"context": ctx},
            "escalate: onchange",
        )
        if first is None:
            return
        self.pause(3, 8)
        vals = {
            "res_model": first["value"].get("res_model") or model,
            "res_ids": first["value"].get("res_ids") or str(card["id"]),
            "reason": "Needs a configuration change by the partner (load test)",
        }
        saved = self.call(
            Wizard,
            "web_save",
            [[], vals],
            {"context": ctx, "specification": {}},
            "escalate: save",
        )
        if saved:
            self.call(
                Wizard,
                "action_escalate",
                [[saved[0]["id"]]],
                {"context": ctx},
                "escalate: confirm",
                button=True,
            )

    @task(1)
    def floor_question(self):
        action = self.rpc(
            "/web/action/load",
            {
                "action_id": "hypercare_support.hypercare_floor_log_action_new",
                "context": {},
            },
            "floor: open (action)",
        )
        if not action:
            return
        spec = self.view(
            "hypercare.floor.log",
            action["view_id"][0] if action.get("view_id") else False,
            "form",
            "floor: get_views",
            action["id"],
        )
        if spec is None:
            return
        first = self.call(
            "hypercare.floor.log", "onchange", [[], {}, [], spec], {}, "floor: onchange"
        )
        if first is None:
            return
        self.pause(5, 15)
        vals = {
            k: v
            for k, v in first["value"].items()
            if k
            in ("charter_id", "business_function", "minutes", "outcome", "issue_type")
        }
        if isinstance(vals.get("charter_id"), dict):
            vals["charter_id"] = vals["charter_id"]["id"]
        vals["topic"] = f"How to {random.choice(WORDS)} (floor)"
        self.call(
            "hypercare.floor.log",
            "web_save",
            [[], vals],
            {"specification": {}},
            "floor: save",
        )


class Manager(OdooUser):
    """Keeps the dashboard open (refreshed every 10 s), opens the stand-up."""

    weight = 10
    role = "manager"
    wait_time = constant(10)

    def on_start(self):
        super().on_start()
        self.polls = 0

    @task
    def dashboard(self):
        self.polls += 1
        self.call(
            "hypercare.charter",
            "get_hypercare_dashboard_data",
            [],
            {"charter_id": DATA["charter_id"]},
            "dashboard: data",
        )
        if self.polls % 6 == 1:
            self.standup()

    def standup(self):
        action = self.call(
            "hypercare.charter",
            "action_open_standup",
            [[DATA["charter_id"]]],
            {},
            "stand-up: open",
        )
        if not action:
            return
        spec = self.view(
            "hypercare.charter", DATA["standup_view"], "form", "stand-up: get_views"
        )
        if spec is None:
            return
        self.call(
            "hypercare.charter",
            "web_read",
            [[DATA["charter_id"]]],
            {"specification": spec},
            "stand-up: read",
        )
