"""Go-live morning: end users, champions and managers on the web client's
JSON-RPC routes (run by scripts/loadtest/run.py in the load virtualenv).

Environment: LOAD_DATA (data.json of setup_db.prepare_run), LOAD_HOSTS
(comma-separated server URLs; people are spread over them), LOAD_OUT (where
the request log and the submitted tokens go).

Each request is named by its kind ("report: submit", "board", ...). A
JSON-RPC error counts as a failed request. The specifications sent are built
from the views the server returns (get_views), as the web client does.
"""

import csv
import itertools
import json
import os
import random
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task

DATA = json.loads(Path(os.environ["LOAD_DATA"]).read_text())
HOSTS = os.environ["LOAD_HOSTS"].split(",")
OUT = Path(os.environ["LOAD_OUT"])
_host_cycle = itertools.cycle(HOSTS)
_logins = {role: iter(logins) for role, logins in DATA["users"].items()}
_log = {"file": None, "writer": None}
SUBMITTED, ACKNOWLEDGED, MISSED = [], [], []

RELATIONAL = ("many2one", "many2one_reference")
X2MANY = ("one2many", "many2many")
# relatedFields of the widgets of ours the dialog uses
WIDGET_FIELDS = {
    "hypercare_known_issues": ["display_name", "workaround", "affected_user_count"],
    "hypercare_self_help": ["display_name", "hypercare_snippet"],
    "many2many_tags": ["display_name", "color"],
    "many2many_avatar_user": ["display_name"],
    "many2many_binary": ["name", "mimetype"],
}
WORDS = [
    "invoice",
    "delivery",
    "posting",
    "stock",
    "picking",
    "payment",
    "journal",
    "quotation",
    "vendor bill",
    "reconciliation",
    "lot",
    "route",
    "tax",
]


@events.test_start.add_listener
def _open_log(environment, **_kw):
    OUT.mkdir(parents=True, exist_ok=True)
    _log["file"] = open(OUT / "requests.csv", "w", newline="")  # noqa: SIM115
    _log["writer"] = csv.writer(_log["file"])
    _log["writer"].writerow(["t", "name", "ms", "ok"])


@events.request.add_listener
def _on_request(name, response_time, exception, **_kw):
    if _log["writer"]:
        _log["writer"].writerow(
            [f"{time.time():.3f}", name, f"{response_time:.1f}", int(exception is None)]
        )


@events.test_stop.add_listener
def _close_log(environment, **_kw):
    if _log["file"]:
        _log["file"].close()
        _log["file"] = _log["writer"] = None
    (OUT / "submitted.json").write_text(json.dumps(SUBMITTED))
    (OUT / "acknowledged.json").write_text(json.dumps(ACKNOWLEDGED))
    (OUT / "missed.json").write_text(json.dumps(MISSED))
    # an exception in a person's task is no request failure in Locust's
    # statistics: count it apart (run.py fails the run on any)
    errors = [
        {"msg": e["msg"], "count": e["count"], "traceback": e["traceback"][-1500:]}
        for e in environment.runner.exceptions.values()
    ]
    (OUT / "exceptions.json").write_text(json.dumps(errors))


def spec_from_arch(arch, fields):
    """The read specification of a view, as the web client builds it: every
    field node of the view (not of its sub-views); relational fields read
    their display name, x2many with an inline list their list's fields."""
    spec = {}
    root = ET.fromstring(arch)

    def walk(node):
        for child in node:
            if child.tag == "field":
                name = child.get("name")
                field = fields.get(name)
                if field is None:
                    continue
                spec[name] = field_spec(child, field)
                continue
            walk(child)

    def field_spec(node, field):
        ftype = field["type"]
        widget = node.get("widget")
        if ftype in RELATIONAL:
            return {"fields": {"display_name": {}}}
        if ftype in X2MANY:
            sub = node.find("list")
            if sub is not None:
                names = [f.get("name") for f in sub.iter("field")]
                return {"fields": {n: {} for n in names if n}, "limit": 40}
            names = WIDGET_FIELDS.get(widget, ["display_name"])
            return {"fields": {n: {} for n in names}}
        return {}

    walk(root)
    return spec


class OdooUser(HttpUser):
    """A person with a session of their own on one of the servers."""

    abstract = True
    role = None
    host = HOSTS[0]

    def on_start(self):
        self.client.base_url = next(_host_cycle)
        self.login = next(_logins[self.role])
        self.rpc_id = 0
        self.views = {}
        self.orders = {}
        # a person whose login fails (a storm at 9:00) tries again a little
        # later, as themselves; each failed attempt counts as a failed request
        for attempt in range(3):
            result = self.rpc(
                "/web/session/authenticate",
                {"db": DATA["db"], "login": self.login, "password": DATA["password"]},
                "login",
            )
            if result:
                break
            gevent.sleep(10 * (attempt + 1))
        else:
            raise RuntimeError(f"login of {self.login} failed 3 times")
        self.uid = result["uid"]
        self.user_ctx = dict(result.get("user_context") or {})

    def rpc(self, path, params, name, check=None):
        """A JSON-RPC call; a JSON-RPC error (or ``check`` returning a reason)
        fails the request. Returns the result, None on failure."""
        self.rpc_id += 1
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": self.rpc_id,
            "params": params,
        }
        with self.client.post(
            path, json=payload, name=name, catch_response=True
        ) as resp:
            try:
                body = resp.json()
            except ValueError:
                resp.failure(f"HTTP {resp.status_code}: not JSON")
                return None
            if body.get("error"):
                err = body["error"].get("data", {}).get("message") or body["error"]
                resp.failure(f"{err}"[:300])
                return None
            result = body.get("result")
            reason = check(result) if check else None
            if reason:
                resp.failure(reason)
                return None
            return result

    def call(self, model, method, args, kwargs, name, button=False, check=None):
        kwargs = dict(kwargs)
        kwargs["context"] = dict(self.user_ctx, **kwargs.get("context", {}))
        route = "call_button" if button else "call_kw"
        return self.rpc(
            f"/web/dataset/{route}/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            name,
            check,
        )

    def view(self, model, view_id, view_type, name, action_id=None):
        """get_views once per view (the web client caches them); its spec."""
        key = (model, view_id, view_type)
        if key not in self.views:
            res = self.call(
                model,
                "get_views",
                [],
                {
                    "views": [[view_id, view_type]],
                    "options": {
                        "action_id": action_id,
                        "load_filters": False,
                        "toolbar": False,
                    },
                },
                name,
            )
            if res is None:
                return None
            arch = res["views"][view_type]["arch"]
            fields = res["models"][model]["fields"]
            self.views[key] = spec_from_arch(arch, fields)
            self.orders[key] = ET.fromstring(arch).get("default_order") or ""
        return self.views[key]

    def pause(self, low, high):
        gevent.sleep(random.uniform(low, high))


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
