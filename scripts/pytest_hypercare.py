"""pytest plugin loaded by scripts/test (``-p pytest_hypercare``).

Odoo skips browser tours silently when Chromium or websocket-client is
missing, and pytest-odoo skips HttpCase without ``--odoo-http``: counting
what really ran is the only way to know that the tours were exercised.

It wraps ``HttpCase.start_tour`` to count tours started / passed / failed /
skipped, and writes the outcome counts to the JSON file named by the
``HC_PYTEST_REPORT`` environment variable.
"""

import errno
import json
import os
import traceback
import unittest

_state = {
    "current": None,
    "tour_tests": set(),
    "tours": {
        "started": 0,
        "passed": 0,
        "failed": 0,
        "skipped": 0,
        "names": [],
        # tours that passed, then Odoo's cleanup of the test's websockets
        # raced with one closing by itself (see _websocket_cleanup_race)
        "cleanup_races": [],
    },
    "outcomes": {},
}


def pytest_configure():
    # imported late: pytest-odoo sets Odoo up before pytest_configure
    from odoo.tests import common

    original = common.HttpCase.start_tour
    if getattr(original, "_hc_counted", False):
        return

    def start_tour(self, url_path, tour_name, *args, **kwargs):
        tours = _state["tours"]
        tours["started"] += 1
        tours["names"].append(tour_name)
        if _state["current"]:
            _state["tour_tests"].add(_state["current"])
        try:
            result = original(self, url_path, tour_name, *args, **kwargs)
        except unittest.SkipTest:
            tours["skipped"] += 1
            raise
        except BaseException as error:
            if not _websocket_cleanup_race(error):
                tours["failed"] += 1
                raise
            tours["cleanup_races"].append(tour_name)
            print(
                f"\nWARNING: tour {tour_name} passed; closing its websockets "
                "afterwards hit one already closed (Odoo's bus, _kick_all: "
                "EBADF), not counted as a failure"
            )
            result = None
        tours["passed"] += 1
        return result

    start_tour._hc_counted = True
    common.HttpCase.start_tour = start_tour


def _websocket_cleanup_race(error):
    """True when ``error`` is Odoo's test harness closing, after a tour that
    passed, a bus websocket whose socket its own thread had just closed:
    ``OSError(EBADF)`` from ``bus/websocket.py`` ``_kick_all``, raised while
    no other error was pending (a failed tour is that pending error, and stays
    a failure)."""
    if not isinstance(error, OSError) or error.errno != errno.EBADF:
        return False
    if error.__context__ is not None or error.__cause__ is not None:
        return False
    return any(
        frame.name == "_kick_all"
        and frame.filename.endswith(os.path.join("bus", "websocket.py"))
        for frame in traceback.extract_tb(error.__traceback__)
    )


def pytest_runtest_setup(item):
    _state["current"] = item.nodeid


def pytest_runtest_logreport(report):
    # one outcome per test: the worst of its phases
    rank = {"passed": 0, "skipped": 1, "failed": 2}
    if report.when == "call" or report.outcome != "passed":
        outcome = report.outcome
        if report.when != "call" and outcome == "failed":
            outcome = "error"
        prev = _state["outcomes"].get(report.nodeid)
        if prev is None or rank.get(outcome, 3) > rank.get(prev, 3):
            _state["outcomes"][report.nodeid] = outcome


def _summary():
    outcomes = _state["outcomes"]
    tour_tests = _state["tour_tests"]
    count = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    unit = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for nodeid, outcome in outcomes.items():
        count[outcome] = count.get(outcome, 0) + 1
        if nodeid not in tour_tests:
            unit[outcome] = unit.get(outcome, 0) + 1
    tours = dict(_state["tours"])
    tours["tests"] = sorted(tour_tests)
    return {
        "tests": count,
        "unit": unit,
        "tours": tours,
        "skipped_tests": sorted(n for n, o in outcomes.items() if o == "skipped"),
    }


def pytest_terminal_summary(terminalreporter):
    s = _summary()
    t = s["tours"]
    terminalreporter.write_line(
        f"hypercare: unit tests {s['unit']['passed']} passed, "
        f"{s['unit']['failed'] + s['unit']['error']} failed, "
        f"{s['unit']['skipped']} skipped; tours {t['started']} started, "
        f"{t['passed']} passed, {t['failed']} failed, {t['skipped']} skipped"
    )


def pytest_sessionfinish(exitstatus):
    path = os.environ.get("HC_PYTEST_REPORT")
    if path:
        data = _summary()
        data["exitstatus"] = int(exitstatus)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
