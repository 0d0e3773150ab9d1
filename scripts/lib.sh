# shellcheck shell=bash
# Shared helpers for scripts/run, scripts/test and scripts/export-pot.
# Source it; it does nothing by itself.
#
# Environment knobs (all optional):
#   ODOO_SRC      Odoo 19.0 source tree (default /opt/odoo/19.0); downloaded
#                 from the official nightly archive when absent
#   PG*           standard libpq variables: when one is set and that server
#                 answers, it is used; otherwise a private cluster is started
#                 under .local/pg
#   HC_PYTHON     python to build .venv with (default: python3)

set -euo pipefail

HC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo/19.0}"
ODOO_ARCHIVE_URL="https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz"
HC_LOCAL="$HC_ROOT/.local"
VENV="$HC_ROOT/.venv"
PY="$VENV/bin/python"
HC_LOGDIR="$HC_LOCAL/log"
mkdir -p "$HC_LOGDIR"

# ---------------------------------------------------------------- messages

_hc_t0=$SECONDS
HC_TIMINGS=()
_hc_step_name=""
_hc_step_t0=0

say() { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# step "name": announce a step; the previous one is closed and timed.
step() {
    step_end
    _hc_step_name="$1"
    _hc_step_t0=$SECONDS
    printf '\n==> [%s] %s\n' "$(_hc_clock)" "$1" >&2
}
step_end() {
    if [[ -n "$_hc_step_name" ]]; then
        local d=$((SECONDS - _hc_step_t0))
        HC_TIMINGS+=("$(printf '%5ss  %s' "$d" "$_hc_step_name")")
        _hc_step_name=""
    fi
}
print_timings() {
    step_end
    printf '\nTimings:\n' >&2
    local t
    for t in "${HC_TIMINGS[@]}"; do printf '  %s\n' "$t" >&2; done
    printf '  %5ss  total\n' "$((SECONDS - _hc_t0))" >&2
}
_hc_clock() {
    local s=$((SECONDS - _hc_t0))
    printf '%02d:%02d' $((s / 60)) $((s % 60))
}

# run_logged LOG CMD...: run CMD with its output in LOG, printing a progress
# line every 15 s; on failure show the end of LOG.
run_logged() {
    local log="$1"
    shift
    "$@" >"$log" 2>&1 &
    local pid=$! t0=$SECONDS rc=0 next=$((SECONDS + 15))
    # background jobs ignore Ctrl-C: pass it on
    trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        if ((SECONDS >= next)); then
            info "... $((SECONDS - t0)) s: $(_hc_last_line "$log")"
            next=$((SECONDS + 15))
        fi
    done
    wait "$pid" || rc=$?
    trap - INT TERM
    if ((rc != 0)); then
        printf '\n---- last lines of %s ----\n' "$log" >&2
        tail -n 40 "$log" >&2
        printf -- '---- end ----\n' >&2
    fi
    return "$rc"
}
_hc_last_line() {
    tail -n 1 "$1" 2>/dev/null | cut -c1-110 | tr -d '\r'
}

is_root() { [[ $(id -u) -eq 0 ]]; }

_hc_apt_updated=""
# need_apt PKG... ; REASON in $HC_APT_REASON. Installs Debian packages when
# root on a Debian-like system, else stops with the command to run.
need_apt() {
    local reason="${HC_APT_REASON:-required}"
    if is_root && command -v apt-get >/dev/null; then
        say "installing Debian packages ($reason): $*"
        if [[ -z "$_hc_apt_updated" ]]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 ||
                die "apt-get update failed; run: apt-get update && apt-get install -y $*"
            _hc_apt_updated=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
            die "could not install $* ($reason); run: sudo apt-get install -y $*"
    else
        die "missing $* ($reason). Run: sudo apt-get install -y $*"
    fi
}

# ---------------------------------------------------------------- Odoo source

ensure_odoo_src() {
    if [[ -f "$ODOO_SRC/odoo/release.py" && -f "$ODOO_SRC/setup.py" ]]; then
        :
    elif [[ -e "$ODOO_SRC" && -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]]; then
        die "ODOO_SRC=$ODOO_SRC exists but is not an Odoo source tree (no odoo/release.py)."
    else
        _download_odoo
    fi
    grep -Eq "^version_info = \(19, 0," "$ODOO_SRC/odoo/release.py" ||
        die "ODOO_SRC=$ODOO_SRC is not Odoo 19.0 ($(grep -m1 '^version_info' "$ODOO_SRC/odoo/release.py"))"
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    export ODOO_SRC
}

# No Odoo tree: fetch the official 19.0 source archive (needs internet).
_download_odoo() {
    say "no Odoo source tree at $ODOO_SRC: downloading $ODOO_ARCHIVE_URL"
    mkdir -p "$ODOO_SRC" 2>/dev/null ||
        die "cannot create ODOO_SRC=$ODOO_SRC; set ODOO_SRC to a writable directory or an Odoo 19.0 tree"
    local tmp
    tmp="$(mktemp -d)"
    if command -v curl >/dev/null; then
        curl -fL --retry 3 -o "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL"
    elif command -v wget >/dev/null; then
        wget -O "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL"
    else
        die "neither curl nor wget; run: sudo apt-get install -y curl, or set ODOO_SRC to an Odoo 19.0 tree"
    fi || die "download of $ODOO_ARCHIVE_URL failed; set ODOO_SRC to an Odoo 19.0 source tree"
    say "extracting into $ODOO_SRC"
    tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1 ||
        die "could not extract the Odoo archive into $ODOO_SRC"
    rm -rf "$tmp"
    [[ -f "$ODOO_SRC/odoo/release.py" ]] || die "the archive did not give an Odoo tree in $ODOO_SRC"
}

# ---------------------------------------------------------------- venv

_find_python() {
    local cand
    for cand in ${HC_PYTHON:-} python3 python3.12 python3.11 python3.10 python3.13; do
        command -v "$cand" >/dev/null || continue
        if "$cand" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

# Odoo's requirements.txt, adapted: cbor2 5.4.2 has no wheel for 3.11 and its
# sdist no longer builds; python-ldap (auth_ldap only) needs LDAP headers.
_odoo_requirements() {
    sed -e 's/^cbor2==5\.4\.2\b/cbor2==5.4.6/' -e '/^python-ldap/d' "$ODOO_SRC/requirements.txt"
}

# Creates .venv and installs Odoo (editable, from ODOO_SRC) and the project's
# Python packages. Skipped when the stamp (hash of everything that goes in)
# is unchanged.
ensure_venv() {
    ensure_odoo_src
    local python
    python="$(_find_python)" || {
        HC_APT_REASON="Python 3.10-3.13 to run Odoo 19" need_apt python3 python3-venv
        python="$(_find_python)" || die "no Python 3.10-3.13 found; install one or set HC_PYTHON"
    }
    mkdir -p "$HC_LOCAL"
    local reqs="$HC_LOCAL/odoo-requirements.txt"
    _odoo_requirements >"$reqs"
    local stamp
    stamp="$(
        {
            "$python" -c 'import sys; print(sys.version)'
            echo "venv layout 2"
            echo "$ODOO_SRC"
            cat "$reqs" "$HC_ROOT/scripts/requirements.txt"
        } | sha256sum | cut -d' ' -f1
    )"
    if [[ -x "$PY" ]] && "$PY" -c 'import odoo.release' 2>/dev/null &&
        [[ "$(cat "$VENV/.hc-stamp" 2>/dev/null)" == "$stamp" ]]; then
        info "virtualenv up to date ($VENV)"
        return 0
    fi
    step "Installing Odoo and Python packages into .venv (1-3 min on a fresh machine)"
    if ! [[ -x "$PY" ]] || ! "$PY" -c 'import sys' 2>/dev/null; then
        rm -rf "$VENV"
        "$python" -m venv "$VENV" 2>/dev/null || {
            rm -rf "$VENV"
            HC_APT_REASON="python venv module" need_apt python3-venv
            "$python" -m venv "$VENV" || die "could not create $VENV with $python"
        }
    fi
    # psycopg2 (pinned by Odoo) is built from source: needs pg_config and a compiler
    if ! "$PY" -c 'import psycopg2' 2>/dev/null; then
        if ! command -v pg_config >/dev/null || ! command -v cc >/dev/null; then
            HC_APT_REASON="to build psycopg2" need_apt libpq-dev gcc python3-dev
        fi
    fi
    if ! "$PY" -c 'import magic' 2>/dev/null && ! ldconfig -p 2>/dev/null | grep -q libmagic.so.1; then
        HC_APT_REASON="python-magic needs libmagic" need_apt libmagic1
    fi
    local log="$HC_LOGDIR/pip.log"
    info "pip log: $log"
    # A fresh machine has no pip cache: build the venv as it would, so a
    # wheel built here earlier can never hide a missing install step
    # (HC_PIP_CACHE=1 keeps the cache, for repeated local set-ups).
    [[ "${HC_PIP_CACHE:-0}" == 1 ]] || export PIP_NO_CACHE_DIR=1
    # Odoo itself, editable; "compat" mode puts ODOO_SRC on sys.path with a
    # .pth file (the default import hook shows up in Odoo's addons path).
    # First: odoo-addon-* wheels require the distribution odoo==19.0.*
    run_logged "$HC_LOGDIR/pip-odoo.log" "$PY" -m pip install --progress-bar off --no-deps \
        --use-pep517 --config-settings editable_mode=compat -e "$ODOO_SRC" ||
        die "pip install -e $ODOO_SRC failed (see $HC_LOGDIR/pip-odoo.log)"
    # zope.*: wheels only (see scripts/requirements.txt), never a build whose
    # metadata name depends on the setuptools of the day
    run_logged "$log" "$PY" -m pip install --progress-bar off \
        --only-binary zope.interface,zope.event \
        -r "$reqs" -r "$HC_ROOT/scripts/requirements.txt" ||
        die "pip install failed (see $log)"
    "$PY" -c 'import odoo.release, websocket, phonenumbers, pytest_odoo' ||
        die "the virtualenv is incomplete after pip install (see $log)"
    # what Odoo's gevent process (workers mode) does first: resolve gevent's
    # plugins and their requirements with pkg_resources
    "$PY" -c 'import pkg_resources; pkg_resources.require("gevent")' ||
        die "gevent's requirements do not resolve with pkg_resources: Odoo's websocket process would not start in workers mode (see $log)"
    echo "$stamp" >"$VENV/.hc-stamp"
    info "virtualenv ready"
}

# ---------------------------------------------------------------- chromium

ensure_chromium() {
    local b
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$b" >/dev/null; then
            CHROME_BIN="$(command -v "$b")"
            return 0
        fi
    done
    HC_APT_REASON="browser tours need Chromium" need_apt chromium
    CHROME_BIN="$(command -v chromium)" || die "chromium still not found after install"
}

# scripts/check_po.py compiles each .po with gettext's msgfmt --check.
ensure_msgfmt() {
    command -v msgfmt >/dev/null && return 0
    HC_APT_REASON="the translation check compiles each .po with msgfmt" need_apt gettext
    command -v msgfmt >/dev/null || die "msgfmt still not found after installing gettext"
}

# PDF reports (stand-up, handover, exit report) go through wkhtmltopdf.
# Without it the product degrades and says so: the web client opens reports
# as HTML and closing a charter attaches its handover report as HTML.
# `ensure_wkhtmltopdf required` (the test command, which renders each report
# for real once) installs it as root or stops with the command to run;
# without an argument (serving the demo) a missing one is a warning.
ensure_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null && return 0
    if is_root && command -v apt-get >/dev/null; then
        HC_APT_REASON="PDF reports need wkhtmltopdf" need_apt wkhtmltopdf
    elif [[ "${1:-}" == required ]]; then
        die "wkhtmltopdf is missing: the test command renders every report as a real PDF. Run: sudo apt-get install -y wkhtmltopdf"
    else
        warn "wkhtmltopdf is missing: reports open as HTML, and closing a charter attaches its handover report as HTML. Run: sudo apt-get install -y wkhtmltopdf"
    fi
    command -v wkhtmltopdf >/dev/null || [[ "${1:-}" != required ]] ||
        die "wkhtmltopdf still not found after install"
}

# ---------------------------------------------------------------- PostgreSQL

_pg_bindir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [[ -n "$d" && -x "$d/initdb" ]]; then
        echo "$d"
        return 0
    fi
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# Sets PG_MODE (env|private), PG_BIN, and ODOO_DB_OPTS (lines for odoo.conf),
# and exports the PG* variables our own psql/dropdb calls use.
ensure_postgres() {
    PG_BIN="$(_pg_bindir)" || {
        HC_APT_REASON="PostgreSQL server" need_apt postgresql
        PG_BIN="$(_pg_bindir)" || die "PostgreSQL binaries not found after install"
    }
    if env | grep -Eq '^PG(HOST|PORT|USER|PASSWORD|DATABASE|SERVICE|HOSTADDR)='; then
        if "$PG_BIN/psql" -d "${PGDATABASE:-postgres}" -Atqc 'select 1' >/dev/null 2>&1; then
            [[ "${PGUSER:-}" == postgres ]] &&
                die "PGUSER=postgres: Odoo refuses to run as the 'postgres' role; set PGUSER to another role with CREATEDB"
            PG_MODE=env
            ODOO_DB_OPTS=""
            info "PostgreSQL: using the server named by PG* variables (${PGHOST:-default socket}:${PGPORT:-5432})"
            return 0
        fi
        warn "PG* variables are set but that server does not answer; using a private cluster instead"
        unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGHOSTADDR
    fi
    _start_private_pg
    PG_MODE=private
    export PGHOST="$PG_SOCKDIR" PGPORT=5432 PGUSER=odoo
    ODOO_DB_OPTS="db_host = $PG_SOCKDIR
db_port = 5432
db_user = odoo"
}

_as_pg() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# A throwaway cluster owned by the 'postgres' user (initdb refuses root),
# trust auth, unix socket only (no TCP port to collide with).
_start_private_pg() {
    if is_root && ! id postgres >/dev/null 2>&1; then
        die "no 'postgres' system user to own the private cluster; run: sudo apt-get install -y postgresql"
    fi
    PG_DIR="$HC_LOCAL/pg"
    mkdir -p "$PG_DIR"
    is_root && chown postgres: "$PG_DIR"
    if ! _as_pg test -w "$PG_DIR"; then
        # the repo is not reachable by 'postgres' (e.g. under /root)
        PG_DIR="/var/tmp/hypercare-pg-$(echo "$HC_ROOT" | sha256sum | cut -c1-10)"
        mkdir -p "$PG_DIR"
        chown postgres: "$PG_DIR"
    fi
    PG_SOCKDIR="$PG_DIR/run"
    if ((${#PG_SOCKDIR} > 90)); then # unix socket paths are limited to 107 bytes
        PG_SOCKDIR="/tmp/hypercare-pg-$(echo "$PG_DIR" | sha256sum | cut -c1-10)"
    fi
    mkdir -p "$PG_SOCKDIR"
    is_root && chown postgres: "$PG_SOCKDIR"
    local data="$PG_DIR/data"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        say "creating a private PostgreSQL cluster in $data"
        _as_pg "$PG_BIN/initdb" -D "$data" -U odoo --auth=trust -E UTF8 --locale=C >"$HC_LOGDIR/initdb.log" 2>&1 ||
            {
                cat "$HC_LOGDIR/initdb.log" >&2
                die "initdb failed"
            }
        cat >>"$data/postgresql.conf" <<EOF
# hypercare_support private cluster
listen_addresses = ''
unix_socket_directories = '$PG_SOCKDIR'
port = 5432
synchronous_commit = off
max_connections = 200
EOF
    fi
    # the socket dir may have moved (e.g. a long path): keep the conf current
    sed -i "s|^unix_socket_directories = .*|unix_socket_directories = '$PG_SOCKDIR'|" "$data/postgresql.conf"
    if _as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        PG_STARTED_HERE=""
        info "PostgreSQL: private cluster already running (socket $PG_SOCKDIR)"
    else
        say "starting the private PostgreSQL cluster (socket $PG_SOCKDIR)"
        _as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$PG_DIR/postgresql.log" -w -t 60 start >/dev/null ||
            {
                tail -n 20 "$PG_DIR/postgresql.log" >&2
                die "could not start PostgreSQL (log: $PG_DIR/postgresql.log)"
            }
        PG_STARTED_HERE=1
    fi
    PG_DATA="$data"
}

# Stops the private cluster if this process started it and nobody else uses it.
stop_private_pg() {
    [[ "${PG_MODE:-}" == private && -n "${PG_STARTED_HERE:-}" ]] || return 0
    local others
    others="$("$PG_BIN/psql" -d postgres -Atqc \
        "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()" 2>/dev/null || echo 0)"
    if [[ "$others" != 0 ]]; then
        info "leaving the private PostgreSQL running ($others other connections)"
        return 0
    fi
    _as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    info "private PostgreSQL stopped"
}

db_exists() {
    [[ "$("$PG_BIN/psql" -d postgres -Atqc "select 1 from pg_database where datname = '$1'")" == 1 ]]
}

drop_db() {
    PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/dropdb" --if-exists --force "$1" >/dev/null
    rm -rf "$HC_LOCAL/data/filestore/$1"
}

# ---------------------------------------------------------------- Odoo

# Addon directories at the repo root (those with a manifest), sorted.
repo_addons() {
    local m
    for m in "$HC_ROOT"/*/__manifest__.py; do
        [[ -f "$m" ]] && basename "$(dirname "$m")"
    done
}

# site-packages/odoo/addons of a python (where odoo-addon-* wheels install)
wheel_addons_dir() {
    "${1:-$PY}" -c 'import sysconfig, os; print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))'
}

# odoo_addons_path [with-repo|no-repo] [extra dirs...]
odoo_addons_path() {
    local mode="${1:-with-repo}"
    shift || true
    local paths=("$ODOO_SRC/odoo/addons")
    [[ -d "$ODOO_SRC/addons" ]] && paths+=("$ODOO_SRC/addons")
    local wad
    wad="$(wheel_addons_dir)"
    [[ -d "$wad" ]] && paths+=("$wad")
    [[ "$mode" == with-repo ]] && paths+=("$HC_ROOT")
    local p
    for p in "$@"; do paths+=("$p"); done
    local IFS=,
    echo "${paths[*]}"
}

# write_odoo_conf FILE ADDONS_PATH [extra option lines...]
write_odoo_conf() {
    local file="$1" addons="$2"
    shift 2
    mkdir -p "$HC_LOCAL/data"
    {
        echo "[options]"
        echo "addons_path = $addons"
        echo "data_dir = $HC_LOCAL/data"
        [[ -n "${ODOO_DB_OPTS:-}" ]] && echo "$ODOO_DB_OPTS"
        echo "admin_passwd = admin"
        echo "list_db = False"
        local l
        for l in "$@"; do echo "$l"; done
    } >"$file"
}

ODOO_BIN="$VENV/bin/odoo"

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
