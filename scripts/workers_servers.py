"""Process and bus plumbing of scripts/workers_check.py: an Odoo server in
workers mode started from the venv's ``odoo`` script (the workers and the
gevent process re-execute ``sys.argv[0]``), and a websocket bus client."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
LOGDIR = ROOT / ".local" / "log"
ODOO_BIN = Path(sys.executable).parent / "odoo"  # not python -m odoo
T0 = time.monotonic()


def say(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


class CheckFailed(Exception):
    """A step that cannot go on (the servers do not start, ...)."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout, step=0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(step)
    raise CheckFailed(f"timed out after {timeout} s waiting for {what}")


class Server:
    """``odoo --workers 2 --max-cron-threads 1`` on ports of its own; its output
    (stderr too: a gevent process dying at import only writes there) in a log."""

    def __init__(self, name, conf, db, extra=(), prefix="workers", nice=0):
        self.name = name
        self.http = free_port()
        self.gevent = free_port()
        self.log = LOGDIR / f"{prefix}-{name}.log"
        if not ODOO_BIN.exists():
            raise CheckFailed(f"no {ODOO_BIN}: run this with the virtualenv's python")
        cmd = [
            *(["nice", "-n", str(nice)] if nice else []),
            str(ODOO_BIN), "-c", str(conf), "-d", db, "--db-filter", f"^{db}$",
            "--workers", "2", "--max-cron-threads", "1",
            "--http-interface", "127.0.0.1", "--http-port", str(self.http),
            "--gevent-port", str(self.gevent), "--log-level", "info", *extra,
        ]  # fmt: skip
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=dict(os.environ, TZ="UTC"), start_new_session=True,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
        say(f"server {name}: pid {self.proc.pid}, ports {self.http}/{self.gevent}")

    def text(self):
        return self.log.read_text(errors="replace")

    def url(self, path, gevent=False):
        return f"http://127.0.0.1:{self.gevent if gevent else self.http}{path}"

    def answers(self, path, gevent=False):
        if self.proc.poll() is not None:
            raise CheckFailed(f"server {self.name} exited ({self.proc.returncode})")
        try:
            return requests.get(self.url(path, gevent), timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        """The server's process group (master, workers, gevent): TERM, then KILL."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # leftover workers
        except ProcessLookupError:
            pass
        self.proc.wait()


def _die_with_parent():
    """Should this script be killed, the server master gets SIGTERM (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class BusClient(threading.Thread):
    """A websocket client of one server's gevent port, logged in as ``login``."""

    def __init__(self, server, db, login, password, last):
        super().__init__(daemon=True)
        resp = requests.post(
            server.url("/web/session/authenticate"),
            json={"params": {"db": db, "login": login, "password": password}},
            timeout=60,
        )
        if not (resp.ok and resp.json().get("result", {}).get("uid")):
            raise CheckFailed(
                f"login on server {server.name} failed: {resp.text[:300]}"
            )
        from odoo.addons.bus.websocket import WebsocketConnectionHandler

        version = WebsocketConnectionHandler._VERSION
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.gevent}/websocket?version={version}",
            cookie=f"session_id={resp.cookies['session_id']}",
            timeout=90,  # the gevent process loads the registry first
        )
        self.ws.settimeout(1)
        self.messages = []
        self.error = None
        self.closing = threading.Event()
        self.ws.send(
            json.dumps(
                {"event_name": "subscribe", "data": {"channels": [], "last": last}}
            )
        )
        self.start()

    def run(self):
        while not self.closing.is_set():
            try:
                data = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except Exception as error:  # noqa: BLE001 (reported by the check)
                self.error = error
                return
            if data:
                self.messages.extend(n["message"] for n in json.loads(data))

    def got(self, nonce):
        return any(
            m["type"] == "hypercare/workers_check"
            and m["payload"].get("nonce") == nonce
            for m in self.messages
        )

    def close(self):
        self.closing.set()
        self.join(5)
        self.ws.close()
