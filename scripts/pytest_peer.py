"""pytest plugin for the peer suites (``-p pytest_peer``, loaded by scripts/test).

The peer suites are the test suites of the apps our addons extend (listed in
scripts/peer_suites.txt), run with pytest-odoo on the database where every
addon of the repository is installed. pytest collects differently from Odoo's
own test runner; this plugin makes it run what Odoo's runner runs:

- only tests defined in the suite's module: a base class imported into one of
  its test files (web's ``WebSuite`` in helpdesk_mgmt's ``test_js``) is a test
  of another module, which Odoo's runner leaves out (``test_module``);
- every test gets ``_test_params = []`` (Odoo's tag selector sets it, web's
  JS suites read it);
- the database's ``web.base.url`` names the port the test server listens on
  (pytest-odoo picks a random one; Odoo's runner installs and tests on the
  same port).

Known clashes (HC_PEER_KNOWN, scripts/peer_known_clashes.txt): tests that fail
the same way without our addons, one exact test id per line with its reason;
they are skipped with that reason. An entry naming no collected test is an
error (the list must not rot). The outcome goes to HC_PEER_REPORT (JSON).

HC_PEER_ONLY names a file of test ids (the known-clashes file, or a list):
only those run, none skipped. scripts/test runs the known clashes so on a
database with the peer apps alone, to show each still fails there (an entry
that passes without our addons would hide a regression of ours), and reruns a
browser test that failed once, as Odoo's own CI does
(ODOO_TEST_FAILURE_RETRIES): tours wait on timers and flake under load.

Environment: HC_PEER_SUITES (space-separated module names), HC_PEER_KNOWN,
HC_PEER_ONLY, HC_PEER_REPORT.
"""

import json
import os
from pathlib import Path

import pytest

_peer = {
    "known": {},
    "skipped_known": [],
    "left_out": 0,
    "stale": [],
    "ids": {},
    "outcomes": {},
    "browser": set(),
}


def load_known(path):
    """``{test id: reason}`` from the known-clashes file."""
    known = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test_id, sep, reason = (part.strip() for part in line.partition("|"))
        if not sep or not reason or " " in test_id:
            raise pytest.UsageError(
                f"{path}:{number}: expected '<addon>/tests/<file>.py::<Class>::"
                f"<test> | <reason>', got {line!r}"
            )
        known[test_id] = reason
    return known


def load_ids(path):
    """The test ids of a file (known-clashes format or one id a line)."""
    return {
        line.partition("|")[0].strip()
        for line in Path(path).read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    }


def test_id(item):
    """``<addon>/tests/<file>.py::<Class>::<test>`` of a collected test."""
    parts = Path(str(item.path)).parts
    where = len(parts) - 1 - parts[::-1].index("tests")
    rel = "/".join(parts[where - 1 :])
    cls = item.cls.__name__ if getattr(item, "cls", None) else ""
    return f"{rel}::{cls}::{item.name}" if cls else f"{rel}::{item.name}"


def _active():
    return bool(os.environ.get("HC_PEER_SUITES"))


def pytest_configure(config):
    if _active() and os.environ.get("HC_PEER_KNOWN"):
        _peer["known"] = load_known(os.environ["HC_PEER_KNOWN"])


def pytest_collection_modifyitems(session, config, items):
    if not _active():
        return
    suites = set(os.environ["HC_PEER_SUITES"].split())
    kept, left_out = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and getattr(cls, "test_module", None) not in suites:
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
    _peer["left_out"] = len(left_out)
    from odoo.tests.common import HttpCase  # noqa: PLC0415 (set up by pytest-odoo)

    only_file = os.environ.get("HC_PEER_ONLY")
    only = load_ids(only_file) if only_file else None
    seen, kept, others = set(), [], []
    for item in items:
        tid = test_id(item)
        _peer["ids"][item.nodeid] = tid
        if issubclass(getattr(item, "cls", None) or object, HttpCase):
            _peer["browser"].add(tid)
        if only is not None:
            (kept if tid in only else others).append(item)
            seen.add(tid)
            continue
        kept.append(item)
        reason = _peer["known"].get(tid)
        if reason:
            seen.add(tid)
            _peer["skipped_known"].append(tid)
            item.add_marker(pytest.mark.skip(reason=f"known clash: {reason}"))
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = kept
    wanted = only if only is not None else set(_peer["known"])
    _peer["stale"] = sorted(wanted - seen)


def pytest_runtest_logreport(report):
    tid = _peer["ids"].get(report.nodeid)
    if tid and (report.when == "call" or report.outcome != "passed"):
        previous = _peer["outcomes"].get(tid)
        if previous in (None, "passed"):
            _peer["outcomes"][tid] = report.outcome


@pytest.fixture(autouse=True)
def _hc_test_params(request):
    instance = getattr(request, "instance", None)
    if _active() and instance is not None and not hasattr(instance, "_test_params"):
        instance._test_params = []
    yield


@pytest.fixture(scope="session", autouse=True)
def _hc_base_url(request):
    """web.base.url on the port of pytest-odoo's test server, as Odoo's runner
    has it; put back afterwards."""
    if not (_active() and request.config.getoption("--odoo-http")):
        yield
        return
    request.getfixturevalue("load_http")
    import odoo  # noqa: PLC0415 (set up by pytest-odoo)
    from odoo.sql_db import db_connect  # noqa: PLC0415

    database = request.config.getoption("--odoo-database")
    url = f"http://localhost:{odoo.tools.config['http_port']}"

    def set_url(value):
        with db_connect(database).cursor() as cr:
            cr.execute(
                "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"
            )
            previous = (cr.fetchone() or [None])[0]
            cr.execute(
                "UPDATE ir_config_parameter SET value = %s WHERE key = 'web.base.url'",
                (value,),
            )
        registry = odoo.modules.registry.Registry.registries.get(database)
        if registry is not None:
            registry.clear_cache()
        return previous

    previous = set_url(url)
    yield
    if previous is not None:
        set_url(previous)


def pytest_sessionfinish(session):
    path = os.environ.get("HC_PEER_REPORT")
    if _active() and path:
        data = {
            "skipped_known": sorted(_peer["skipped_known"]),
            "left_out": _peer["left_out"],
            "stale": _peer["stale"],
            "outcomes": _peer["outcomes"],
            "failed": sorted(
                tid for tid, outcome in _peer["outcomes"].items() if outcome == "failed"
            ),
            "browser": sorted(_peer["browser"]),
        }
        Path(path).write_text(json.dumps(data, indent=1))
