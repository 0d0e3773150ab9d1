"""The machine, the Odoo configuration and the benchmark database."""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from .common import OUT_DIR, REPO, log


def machine_info():
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_start": list(os.getloadavg()),
    }
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["ram_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def server_info(cr):
    """PostgreSQL and Odoo versions, the server settings that matter here, and
    the commit measured."""
    import odoo.release

    info = {}
    cr.execute("SELECT version()")
    info["postgresql"] = cr.fetchone()[0]
    for setting in ("shared_buffers", "work_mem", "jit", "synchronous_commit"):
        cr.execute(f"SHOW {setting}")
        info[f"pg_{setting}"] = cr.fetchone()[0]
    info["odoo"] = odoo.release.version
    return info


def git_describe():
    git = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return git.stdout.strip() or None


def odoo_src():
    import odoo.release

    return Path(odoo.release.__file__).resolve().parent.parent


def write_config(path, db):
    """An Odoo configuration for libpq's defaults (PG* variables or local socket)."""
    import sysconfig

    src = odoo_src()
    paths = [src / "odoo" / "addons", src / "addons"]
    wheels = Path(sysconfig.get_paths()["purelib"]) / "odoo" / "addons"
    if wheels.is_dir():
        paths.append(wheels)
    paths.append(REPO)
    data_dir = OUT_DIR / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[options]\n"
        f"addons_path = {','.join(str(p) for p in paths if p.is_dir())}\n"
        f"data_dir = {data_dir}\n"
        f"db_name = {db}\n"
        "list_db = False\n"
        "max_cron_threads = 0\n"
    )
    return path


def pg_connect(dbname="postgres"):
    """A libpq connection with the db_* options of the Odoo configuration."""
    import psycopg2

    from odoo.tools import config

    params = {"dbname": dbname}
    for key, opt in (
        ("host", "db_host"),
        ("port", "db_port"),
        ("user", "db_user"),
        ("password", "db_password"),
    ):
        value = config.get(opt)
        if value:
            params[key] = value
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def vacuum(
    dbname,
    tables=(
        "project_task",
        "project_task_user_rel",
        "mail_followers",
        "mail_followers_mail_message_subtype_rel",
    ),
):
    """VACUUM ANALYZE after a bulk load: hint bits, visibility map and statistics
    as autovacuum keeps them on a live database."""
    conn = pg_connect(dbname)
    with conn.cursor() as cr:
        cr.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    conn.close()


def prepare_database(args, conf):
    """Drop and recreate the benchmark database with the module installed."""
    conn = pg_connect()
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (args.db,))
        if cr.fetchone():
            log(f"dropping database {args.db}")
            cr.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
        if args.from_template:
            log(f"creating {args.db} from template {args.from_template}")
            cr.execute(f'CREATE DATABASE "{args.db}" TEMPLATE "{args.from_template}"')
    conn.close()
    if args.from_template:
        return 0.0
    # every addon of the repository (SPEC: the dashboard with every addon
    # installed, both carriers present), as the test command installs them
    modules = ",".join(sorted(p.parent.name for p in REPO.glob("*/__manifest__.py")))
    log(f"installing {modules} into a new database {args.db} (odoo-bin -i)")
    t0 = time.perf_counter()
    cmd = [
        sys.executable,
        str(odoo_src() / "odoo-bin"),
        "-c",
        str(conf),
        "-d",
        args.db,
        "-i",
        modules,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or " ERROR " in proc.stderr or " CRITICAL " in proc.stderr:
        sys.stderr.write(proc.stderr[-6000:])
        sys.exit(f"installing {modules} into {args.db} failed")
    return time.perf_counter() - t0


def drop_database(db):
    """Close the registry and the connections of ``db``, then drop it."""
    from odoo.modules.registry import Registry
    from odoo.sql_db import close_all

    Registry.delete(db)
    close_all()
    conn = pg_connect()
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    conn.close()


def odoo_env(conf, db):
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn", "--no-http"])
    odoo.tools.config["max_cron_threads"] = 0
    registry = Registry(db)
    cr = registry.cursor()
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    ctx = env["res.users"].context_get()
    return registry, cr, api.Environment(cr, api.SUPERUSER_ID, ctx)
