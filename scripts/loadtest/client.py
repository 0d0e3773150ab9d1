"""The plumbing of the load test's clients (imported by locustfile.py):
the request log, the tokens submitted, the specification of a view as the
web client builds it, and a person with a session of their own."""

import csv
import itertools
import json
import os
import random
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import gevent
from locust import HttpUser, events

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
                # status 0: no answer at all (the connection failed)
                resp.failure(
                    f"HTTP {resp.status_code}: not JSON"
                    + (f" ({resp.error!r})"[:300] if resp.error else "")
                )
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
