"""A PostgreSQL streaming replica of the cluster Odoo uses: ``pg_basebackup
-R`` into a directory of ours, then a second ``pg_ctl`` on its own port and
socket directory. No replication slot: nothing stays behind on the primary
when the standby goes away."""

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path


def _as_pg(cmd):
    """Run as the 'postgres' user when root (postgres refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _own(path):
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(path, pw.pw_uid, pw.pw_gid)


class Replica:
    """The standby under ``root`` (data/, run/, log), on ``port``."""

    def __init__(self, pg_bin, root, primary_host, primary_port, user, port=5433):
        self.pg_bin = Path(pg_bin)
        self.root = Path(root)
        self.data = self.root / "data"
        self.sock = self.root / "run"
        self.log = self.root / "postgresql.log"
        self.primary = (primary_host or "", str(primary_port or 5432), user or "")
        self.port = port
        # a TCP primary: the standby listens on localhost; a socket one: a socket
        self.tcp = bool(primary_host) and not str(primary_host).startswith("/")
        self.host = "127.0.0.1" if self.tcp else str(self.sock)

    def pg_ctl(self, *args, check=True):
        return subprocess.run(
            _as_pg([str(self.pg_bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=check,
            capture_output=True,
            text=True,
        )

    def running(self):
        return self.data.exists() and self.pg_ctl("status", check=False).returncode == 0

    def streaming(self):
        """Running and receiving the primary's WAL."""
        return (
            self.running()
            and self.psql("postgres", "SELECT status FROM pg_stat_wal_receiver")
            == "streaming"
        )

    def start(self, say):
        """A fresh base backup of the primary, started as a hot standby; a
        standby of ours still streaming is reused (it holds every database
        created since, the run's included). Returns whether it was started."""
        if self.streaming():
            say(f"replica: reusing the standby streaming on {self.host}:{self.port}")
            return False
        if self.running():
            self.stop()
        shutil.rmtree(self.data, ignore_errors=True)
        for d in (self.root, self.sock):
            d.mkdir(parents=True, exist_ok=True)
            _own(d)
        host, port, user = self.primary
        cmd = [
            str(self.pg_bin / "pg_basebackup"),
            "-D",
            str(self.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "-p",
            port,
        ]
        if host:
            cmd += ["-h", host]
        if user:
            cmd += ["-U", user]
        t = time.monotonic()
        subprocess.run(_as_pg(cmd), check=True, capture_output=True, text=True)
        say(f"replica: base backup in {time.monotonic() - t:.0f} s ({self.data})")
        opts = (
            f"-p {self.port} -k {self.sock} -c hot_standby=on "
            f"-c listen_addresses={'127.0.0.1' if self.tcp else chr(39) * 2} "
            "-c hot_standby_feedback=on -c max_standby_streaming_delay=30s"
        )
        self.pg_ctl("-l", str(self.log), "-o", opts, "-w", "-t", "120", "start")
        say(f"replica: standby running on {self.host}:{self.port}")
        return True

    def stop(self):
        if self.running():
            self.pg_ctl("-m", "fast", "-w", "stop", check=False)

    def psql(self, db, sql, replica=True):
        host, port, user = self.primary
        cmd = [str(self.pg_bin / "psql"), "-d", db, "-Atqc", sql]
        if replica:
            cmd += ["-h", self.host, "-p", str(self.port)]
        else:
            cmd += ["-p", port] + (["-h", host] if host else [])
        if user:
            cmd += ["-U", user]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return out.stdout.strip()

    def postmaster_pid(self):
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
