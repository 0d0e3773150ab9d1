"""Screenshots of the documentation, taken in headless Chromium.

Logs into a database with the demo go-live (the one ``scripts/run`` creates,
``hypercare``) as the demo champion and captures the dashboard (desktop and
phone width), the triage board and the report dialog into
``hypercare_support/static/description/``. Starts its own Odoo server on a
free port unless ``--url`` names a running one.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "hypercare_support" / "static" / "description"
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))

# (file, path, JavaScript condition for "ready", width, height, mobile, click)
SHOTS = [
    (
        "hypercare_dashboard.png",
        "/odoo/hypercare-dashboard",
        "document.querySelectorAll('.o_hypercare_chart canvas').length >= 8",
        1440,
        2050,
        False,
        None,
    ),
    (
        "hypercare_dashboard_phone.png",
        "/odoo/hypercare-dashboard",
        "document.querySelectorAll('.o_hypercare_chart canvas').length >= 4",
        390,
        1500,
        True,
        None,
    ),
    (
        "hypercare_triage_board.png",
        "/odoo/action-hypercare_support.project_task_hypercare_action",
        "document.querySelectorAll('.o_kanban_record').length > 0",
        1440,
        900,
        False,
        None,
    ),
    (
        "hypercare_report_dialog.png",
        "/odoo/hypercare-dashboard",
        "document.querySelector('.modal .o_form_view') !== null",
        1280,
        900,
        False,
        ".o_hypercare_report_issue_systray button",
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    sys.exit(f"no answer from {url} within {timeout} s")


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            sys.exit("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="hc-shots-")
        port = free_port()
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_http(f"http://127.0.0.1:{port}/json/version", 30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as response:
            pages = [t for t in json.load(response) if t["type"] == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, condition, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"Boolean({condition})"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"not ready after {timeout} s: {condition}")

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def login(browser, url, db, user, password):
    browser.call("Page.navigate", url=f"{url}/web/login?db={db}")
    browser.wait_for("document.readyState === 'complete'")
    payload = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": user, "password": password},
        }
    )
    answer = browser.evaluate(
        f"fetch('/web/session/authenticate', {{method: 'POST', headers: "
        f"{{'Content-Type': 'application/json'}}, body: {json.dumps(payload)}}})"
        ".then((r) => r.json())"
    )
    if not answer or "error" in answer or not answer.get("result", {}).get("uid"):
        sys.exit(f"login of {user} on {db} failed: {answer}")


def capture(browser, url, shot, out):
    name, path, ready, width, height, mobile, click = shot
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=mobile,
    )
    browser.call("Page.navigate", url=f"{url}{path}")
    if click:
        browser.wait_for(f"document.querySelector({json.dumps(click)})")
        browser.evaluate(f"document.querySelector({json.dumps(click)}).click()")
    browser.wait_for(ready)
    time.sleep(1.5)  # fonts, animations, the last chart
    # the navbar moves the menus that do not fit into its "+" on a resize;
    # the toasts of a fresh session (the demo's critical alert) hide the page
    browser.evaluate(
        "window.dispatchEvent(new Event('resize'));"
        "document.querySelectorAll('.o_notification_close').forEach((b) => b.click())"
    )
    time.sleep(0.5)
    data = browser.call("Page.captureScreenshot", format="png")["data"]
    (out / name).write_bytes(base64.b64decode(data))
    print(f"{out / name}: {width}x{height}")


def start_server(db, conf):
    port = free_port()
    odoo_bin = ODOO_SRC / "odoo-bin"
    python = REPO / ".venv" / "bin" / "python"
    log = REPO / ".local" / "log" / "screenshots-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [str(python if python.exists() else sys.executable), str(odoo_bin)]
    if conf:
        command += ["-c", str(conf)]
    command += [
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--max-cron-threads=0",
        "--workers=0",
    ]
    with log.open("w") as handle:
        proc = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/web/login?db={db}")
    return proc, url


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("HC_DB", "hypercare"))
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument(
        "--config",
        help="Odoo configuration of the started server (default: the one "
        "scripts/run wrote, .local/odoo-run.conf, else odoo-test.conf)",
    )
    parser.add_argument("--login", default="champion")
    parser.add_argument("--password", default="champion")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = None
    url = args.url
    if not url:
        conf = args.config
        if not conf:
            for name in ("odoo-run.conf", "odoo-test.conf"):
                if (REPO / ".local" / name).exists():
                    conf = REPO / ".local" / name
                    break
        server, url = start_server(args.db, conf)
    browser = Browser()
    try:
        login(browser, url.rstrip("/"), args.db, args.login, args.password)
        for shot in SHOTS:
            capture(browser, url.rstrip("/"), shot, out)
    finally:
        browser.close()
        if server:
            server.terminate()
            server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
