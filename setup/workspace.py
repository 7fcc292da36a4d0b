#!/usr/bin/env python3
"""Workspace for the Reseller KPI add-ons: virtualenv, Odoo, PostgreSQL, run, test.

Called by the Makefile (``make run``, ``make test``, ``make stop``, ``make clean``).
It runs first with any Python 3.10+, creates ``.venv`` and re-executes itself
inside it, so every later step uses the same interpreter.

Odoo 18 is found, in that order, in:

1. ``ODOO_SRC``: a source tree (the folder that holds ``odoo-bin``);
2. an ``odoo`` package already importable by the interpreter;
3. the official 18.0 source, cloned into ``.odoo-src`` when the machine is online.

PostgreSQL is the user's own server when ``PGHOST``/``PGPORT``/``PGUSER``/
``PGPASSWORD`` are set, else a private cluster inside the project folder
(``.pg/``), reached through a unix socket only.
"""

import argparse
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STATE = ROOT / ".odoo"  # generated Odoo configuration, filestore, logs
PGDIR = ROOT / ".pg"  # private PostgreSQL cluster
ODOO_CLONE = ROOT / ".odoo-src"
ADDONS = (
    "reseller_kpi",
    "reseller_kpi_survey",
    "reseller_kpi_mass_mailing",
    "reseller_kpi_website_sale",
    "reseller_kpi_pos",
)
# Odoo's own add-ons installed beside them: the demo's drop-shipped orders need Drop Shipping
ODOO_ADDONS = ("stock_dropshipping",)
DEMO_DB = "reseller_kpi_demo"
TEST_DB = "reseller_kpi_test"
PG_ROLE = "odoo"  # Odoo refuses to connect as "postgres"
PG_PORT = "5432"  # only used in the socket file name: the cluster listens on no TCP port
OFFICIAL_SRC = "https://github.com/odoo/odoo"
PIP_BUILD_CONSTRAINTS = "setuptools<81\n"  # cbor2 does not build with setuptools 81+


class WorkspaceError(Exception):
    """An error the user can fix; printed as one sentence, exit code 2."""


def say(message):
    print(f"[reseller-kpi] {message}", flush=True)


def run(cmd, check=True, **kwargs):
    return subprocess.run([str(c) for c in cmd], check=check, **kwargs)


# ---------------------------------------------------------------- virtualenv


def in_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def venv_python():
    return VENV / "bin" / "python"


def ensure_venv():
    """Create .venv (seeing the system's packages, so an installed Odoo stays
    importable) and re-execute this script inside it."""
    if in_venv():
        return
    if not venv_python().exists():
        say(f"creating the virtual environment {VENV.name}/")
        run([sys.executable, "-m", "venv", "--system-site-packages", VENV])
    os.execv(str(venv_python()), [str(venv_python()), __file__, *sys.argv[1:]])


# Debian packages that Odoo's requirements need to build (headers and pg_config):
# psycopg2 needs libpq-dev, python-ldap needs libldap2-dev and libsasl2-dev
BUILD_PACKAGES = {
    "python3-dev": ("python",),
    "libpq-dev": ("psycopg2",),
    "libldap2-dev": ("python-ldap",),
    "libsasl2-dev": ("python-ldap",),
}


def missing_debian_packages(names):
    """The packages of `names` that dpkg does not list as installed."""
    missing = []
    for name in names:
        out = run(["dpkg-query", "-W", "-f=${Status}", name], check=False, capture_output=True, text=True)
        if out.returncode != 0 or "install ok installed" not in out.stdout:
            missing.append(name)
    return missing


def ensure_build_packages():
    """Install the Debian packages Odoo's requirements build with, when missing and permitted."""
    if not shutil.which("dpkg-query"):
        return  # not Debian/Ubuntu: the user installs the equivalent headers
    missing = missing_debian_packages(BUILD_PACKAGES)
    if not missing:
        return
    allowed = os.environ.get("RESELLER_KPI_APT", "1") != "0"
    root = os.geteuid() == 0
    if not (allowed and shutil.which("apt-get") and (root or shutil.which("sudo"))):
        raise WorkspaceError(
            "Odoo's Python requirements need these Debian packages to build: "
            f"{' '.join(missing)} (apt-get install {' '.join(missing)})."
        )
    say(f"installing {' '.join(missing)} with apt-get (headers for Odoo's requirements)")
    prefix = [] if root else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", *missing], env=env)


def pip_install(requirement_files, stamp_name):
    """pip install -r each file, skipped when the files did not change since
    the last successful install (a second `make run` starts fast)."""
    digest = hashlib.sha256()
    for path in requirement_files:
        digest.update(Path(path).read_bytes())
    stamp = VENV / f".stamp-{stamp_name}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say(f"installing Python requirements ({stamp_name})")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write(PIP_BUILD_CONSTRAINTS)
    env = dict(os.environ, PIP_CONSTRAINT=constraints.name, PIP_DISABLE_PIP_VERSION_CHECK="1")
    cmd = [sys.executable, "-m", "pip", "install", "-q"]
    for path in requirement_files:
        cmd += ["-r", path]
    try:
        run(cmd, env=env)
    except subprocess.CalledProcessError as exc:
        raise WorkspaceError(
            "pip could not install the requirements; on Debian/Ubuntu install "
            "libpq-dev libldap2-dev libsasl2-dev python3-dev first."
        ) from exc
    finally:
        os.unlink(constraints.name)
    stamp.write_text(digest.hexdigest())


# ---------------------------------------------------------------------- Odoo


def link_source(src):
    """Make the source tree `src` importable in the virtualenv."""
    site = Path(sysconfig.get_paths()["purelib"])
    (site / "reseller-kpi-odoo-src.pth").write_text(f"{src}\n")
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))


def online():
    try:
        out = run(
            ["git", "ls-remote", "--heads", OFFICIAL_SRC, "18.0"],
            check=False,
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and b"18.0" in out.stdout


def importable_odoo():
    """Return the folder that holds the importable `odoo` package, or None.

    The package is located without being imported: before Odoo's requirements
    are installed, importing it fails (no babel yet) although it is there.
    """
    locate = (
        "import importlib.util, os; spec = importlib.util.find_spec('odoo'); "
        "print(os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else '')"
    )
    out = run(
        [sys.executable, "-c", locate],
        check=False,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def check_odoo_version(root):
    release = root / "odoo" / "release.py"
    text = release.read_text() if release.exists() else ""
    match = re.search(r"version_info = \((\d+),", text)
    if not match or match.group(1) != "18":
        raise WorkspaceError(f"The Odoo found in {root} is not Odoo 18.0; point ODOO_SRC at an 18.0 source tree.")


def ensure_odoo():
    """Find Odoo 18, install its requirements, return its root folder."""
    src = os.environ.get("ODOO_SRC")
    if src:
        root = Path(src).expanduser().resolve()
        if not (root / "odoo" / "__init__.py").exists():
            raise WorkspaceError(f"ODOO_SRC={src} does not hold an Odoo source tree (no odoo/__init__.py there).")
        link_source(root)
    else:
        root = importable_odoo()
        if root is None and (ODOO_CLONE / "odoo" / "__init__.py").exists():
            root = ODOO_CLONE
            link_source(root)
        if root is None:
            if not online():
                raise WorkspaceError(
                    "Odoo 18 was not found: set ODOO_SRC to an Odoo 18.0 source tree "
                    "(ODOO_SRC=/path/to/odoo make run), install the odoo package, or run "
                    "online so that the official 18.0 source can be cloned."
                )
            say(f"cloning the official Odoo 18.0 source into {ODOO_CLONE.name}/ (a few minutes)")
            run(["git", "clone", "--depth", "1", "--branch", "18.0", OFFICIAL_SRC, ODOO_CLONE])
            root = ODOO_CLONE
            link_source(root)
    check_odoo_version(root)
    requirements = [root / "requirements.txt"] if (root / "requirements.txt").exists() else []
    if requirements:
        ensure_build_packages()
    pip_install([*requirements, ROOT / "setup" / "requirements.txt"], "requirements")
    return root


def addons_path(odoo_root):
    paths = [odoo_root / "odoo" / "addons", odoo_root / "addons", ROOT]
    return ",".join(str(p) for p in paths if p.is_dir())


def odoo_cmd(*args):
    """Command line running Odoo's CLI with the venv interpreter."""
    launcher = "import os; os.environ['TZ'] = 'UTC'; import odoo.cli, sys; sys.exit(odoo.cli.main())"
    return [sys.executable, "-c", launcher, *args]


# ---------------------------------------------------------------- PostgreSQL


def external_pg():
    return any(os.environ.get(k) for k in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"))


def pg_bindir():
    candidates = []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(found).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for cand in candidates:
        if (cand / "initdb").exists() and (cand / "pg_ctl").exists():
            return cand
    return None


def ensure_debian_tool(commands, package, purpose, missing):
    """Install Debian's `package` with apt-get when none of `commands` is on the PATH and we are root or
    have sudo (RESELLER_KPI_APT=0 forbids it); otherwise say what is missing. True when the tool is there."""
    if any(shutil.which(name) for name in commands):
        return True
    allowed = os.environ.get("RESELLER_KPI_APT", "1") != "0"
    root = os.geteuid() == 0
    if not (allowed and shutil.which("apt-get") and (root or shutil.which("sudo"))):
        say(f"no {commands[0]} found: {missing} (apt-get install {package}).")
        return False
    say(f"installing {package} with apt-get ({purpose})")
    prefix = [] if root else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", package], env=env)
    return any(shutil.which(name) for name in commands)


def ensure_pdf_tool():
    """PDF reports need wkhtmltopdf: install Debian's when missing and permitted."""
    return ensure_debian_tool(
        ("wkhtmltopdf",), "wkhtmltopdf", "PDF reports", "PDF reports cannot be printed and the report tests fail"
    )


def ensure_test_tools():
    """Tours need a headless Chromium and the report tests wkhtmltopdf: install Debian's when missing
    and permitted."""
    ensure_debian_tool(
        ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
        "chromium",
        "UI tours",
        "UI tours will be skipped and counted as failures",
    )
    ensure_pdf_tool()


def install_postgres():
    allowed = os.environ.get("RESELLER_KPI_APT", "1") != "0"
    root = os.geteuid() == 0
    if not (allowed and shutil.which("apt-get") and (root or shutil.which("sudo"))):
        raise WorkspaceError(
            "PostgreSQL server binaries were not found: install them (Debian/Ubuntu: "
            "apt-get install postgresql) or point PGHOST/PGPORT/PGUSER/PGPASSWORD at your own server."
        )
    say("installing PostgreSQL with apt-get")
    prefix = [] if root else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", "postgresql"], env=env)


def as_pg_user(cmd):
    """Prefix a command so that it runs as `postgres` when we are root
    (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def cluster_dirs():
    """Data and socket folders; when root, a place `postgres` can reach."""
    base = PGDIR
    if os.geteuid() == 0:
        probe = run(["runuser", "-u", "postgres", "--", "test", "-x", str(ROOT)], check=False)
        if probe.returncode != 0:
            digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]
            base = Path(tempfile.gettempdir()) / f"reseller-kpi-pg-{digest}"
    sock = base / "run"
    if len(str(sock)) > 90:  # unix socket paths are limited to 107 bytes
        digest = hashlib.sha1(str(base).encode()).hexdigest()[:10]
        sock = Path(tempfile.gettempdir()) / f"reseller-kpi-sock-{digest}"
    return base, base / "data", sock


def pg_running(bindir, data):
    if not (data / "PG_VERSION").exists():
        return False
    status = run(as_pg_user([bindir / "pg_ctl", "-D", data, "status"]), check=False, capture_output=True)
    return status.returncode == 0


def start_private_pg():
    bindir = pg_bindir()
    if bindir is None:
        install_postgres()
        bindir = pg_bindir()
    base, data, sock = cluster_dirs()
    base.mkdir(parents=True, exist_ok=True)
    sock.mkdir(parents=True, exist_ok=True)
    password_file = base / "password"
    if not (data / "PG_VERSION").exists():
        # a password only this account can read: other local users reach neither the socket nor the data
        password_file.write_text(secrets.token_urlsafe(24) + "\n")
        password_file.chmod(0o600)
    if os.geteuid() == 0:
        run(["chown", "-R", "postgres:postgres", base, sock])
    sock.chmod(0o700)  # the socket folder: its owner only
    if not (data / "PG_VERSION").exists():
        say(f"creating a private PostgreSQL cluster in {data}")
        run(
            as_pg_user(
                [
                    bindir / "initdb",
                    "-D",
                    data,
                    "-U",
                    PG_ROLE,
                    "--auth=scram-sha-256",
                    f"--pwfile={password_file}",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
    if not pg_running(bindir, data):
        say("starting PostgreSQL (unix socket only)")
        options = (
            f"-k {sock} -c listen_addresses='' -p {PG_PORT} -c unix_socket_permissions=0700"
            " -c fsync=off -c full_page_writes=off"
        )
        run(as_pg_user([bindir / "pg_ctl", "-D", data, "-l", base / "postgresql.log", "-o", options, "-w", "start"]))
    (STATE / "pg-socket").parent.mkdir(parents=True, exist_ok=True)
    (STATE / "pg-socket").write_text(str(sock))
    # a cluster made before passwords were used (trust) has no password file: it needs none
    password = password_file.read_text().strip() if password_file.exists() else "False"
    return {"db_host": str(sock), "db_port": PG_PORT, "db_user": PG_ROLE, "db_password": password}


def stop_private_pg():
    stop_replica()
    bindir = pg_bindir()
    _base, data, _sock = cluster_dirs()
    if bindir and pg_running(bindir, data):
        say("stopping PostgreSQL")
        run(as_pg_user([bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]))
    else:
        say("PostgreSQL is not running")


REPLICA_PORT = "5433"  # the replica's socket file name, next to the primary's 5432


def replica_dirs():
    """Data and socket folders of the streaming replica, beside the private cluster's."""
    base, _data, sock = cluster_dirs()
    return base / "replica", sock.parent / f"{sock.name}-replica"


def start_replica(params):
    """A hot standby of the private cluster (pg_basebackup -R: streaming replication), started.

    The primary needs nothing added: initdb's defaults are wal_level=replica, max_wal_senders=10 and a
    pg_hba.conf line for replication over the local socket, with the same password as Odoo's.
    Returns the Odoo options that send read-only requests to it.
    """
    if external_pg():
        raise WorkspaceError(
            "The replica is made of the private cluster only: with PGHOST & co., set db_replica_host and "
            "db_replica_port to your own standby server."
        )
    bindir = pg_bindir()
    base, _data, _sock = cluster_dirs()
    data, sock = replica_dirs()
    sock.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        run(["chown", "postgres:postgres", sock])
    sock.chmod(0o700)
    env = psql_env(params)
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)  # a copy interrupted half-way
        say(f"copying the cluster into a streaming replica in {data} (pg_basebackup -R)")
        run(
            as_pg_user(
                [
                    bindir / "pg_basebackup",
                    "-D",
                    data,
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                    "-h",
                    params["db_host"],
                    "-p",
                    params["db_port"],
                    "-U",
                    params["db_user"],
                ]
            ),
            env=env,
        )
    if not pg_running(bindir, data):
        say(f"starting the replica (unix socket only, port {REPLICA_PORT})")
        options = (
            f"-k {sock} -c listen_addresses='' -p {REPLICA_PORT} -c unix_socket_permissions=0700"
            " -c hot_standby=on -c fsync=off"
        )
        run(as_pg_user([bindir / "pg_ctl", "-D", data, "-l", base / "replica.log", "-o", options, "-w", "start"]))
    return {"db_replica_host": str(sock), "db_replica_port": REPLICA_PORT}


def stop_replica():
    bindir = pg_bindir()
    data, _sock = replica_dirs()
    if bindir and pg_running(bindir, data):
        say("stopping the replica")
        run(as_pg_user([bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]))


def db_params():
    if external_pg():
        return {
            "db_host": os.environ.get("PGHOST", "False"),
            "db_port": os.environ.get("PGPORT", "False"),
            "db_user": os.environ.get("PGUSER", "odoo"),
            "db_password": os.environ.get("PGPASSWORD", "False"),
        }
    return start_private_pg()


def psql_env(params):
    env = dict(os.environ)
    for key, var in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if params[key] != "False":
            env[var] = params[key]
    return env


def db_exists(params, name):
    # the name travels as a psql variable, never formatted into the SQL text
    out = run(
        ["psql", "-d", "postgres", "-tA", "-v", f"dbname={name}"],
        input="SELECT 1 FROM pg_database WHERE datname = :'dbname';\n",
        check=False,
        capture_output=True,
        text=True,
        env=psql_env(params),
    )
    if out.returncode != 0:
        raise WorkspaceError(f"PostgreSQL did not answer: {out.stderr.strip()}")
    return out.stdout.strip() == "1"


def drop_db(params, name):
    run(["dropdb", "--if-exists", name], env=psql_env(params))


# -------------------------------------------------------------------- config


def write_config(odoo_root, params, name, **extra):
    STATE.mkdir(parents=True, exist_ok=True)
    options = {
        "addons_path": addons_path(odoo_root),
        "data_dir": str(STATE / "data"),
        "admin_passwd": "admin",
        "list_db": "False",
        # served on this machine only; a user opens it to others by changing this line on purpose
        "http_interface": "127.0.0.1",
        **params,
        **extra,
    }
    path = STATE / f"{name}.conf"
    path.write_text("[options]\n" + "".join(f"{k} = {v}\n" for k, v in options.items()))
    return path


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# ------------------------------------------------------------------ commands


def cmd_run(args):
    port = int(os.environ.get("PORT") or args.port)
    if not port_free(port):
        raise WorkspaceError(
            f"Port {port} is already in use: stop what listens there or choose another, e.g. PORT=8070 make run."
        )
    odoo_root = ensure_odoo()
    ensure_pdf_tool()
    params = db_params()
    conf = write_config(odoo_root, params, "run", http_port=port, http_interface="127.0.0.1")
    if not db_exists(params, DEMO_DB):
        try:
            create_demo_db(odoo_root, conf, DEMO_DB, args.scale, args.seed)
        except (subprocess.CalledProcessError, KeyboardInterrupt):
            # a half-built demo database would be reused next time: drop it
            drop_db(params, DEMO_DB)
            raise WorkspaceError(
                "Creating the demo database failed (see the log above); it was removed, run make run again."
            ) from None
    server = server_options(int(args.workers), port)
    if args.replica:
        server += [f"--{key}={value}" for key, value in start_replica(params).items()]
    mode = f"{args.workers} HTTP workers and a cron worker" if int(args.workers) else "threaded mode"
    say(f"Odoo is starting on http://127.0.0.1:{port} in {mode}{', reads on the replica' if args.replica else ''}")
    say("login admin / password admin: for this local demo only, never on a server others can reach  (Ctrl-C to stop)")
    proc = subprocess.Popen(odoo_cmd("-c", conf, "-d", DEMO_DB, "--db-filter", f"^{DEMO_DB}$", *server))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait()
        say("Odoo stopped; PostgreSQL keeps running (make stop stops it).")
        return 0


# Odoo's multi-process mode (README, "Production layout"): requests are served by `workers` processes,
# scheduled actions by one cron worker, the bus (long polling) by a gevent process on the port + 3
WORKER_LIMITS = {
    "max-cron-threads": 1,
    "limit-time-cpu": 120,  # a request: the dashboard answers in well under a second
    "limit-time-real": 240,
    "limit-time-real-cron": 3600,  # the nightly refresh of a large database
    "limit-memory-soft": 2 * 1024**3,  # a worker above it is recycled after its request
    "limit-memory-hard": 2560 * 1024**2,
    "limit-request": 8192,
    "db_maxconn": 16,  # per process: 4 workers, the cron and the gevent process stay far below max_connections
}


def server_options(workers, port):
    """Odoo command-line options of `make run`: threaded by default, multi-process with `workers` > 0."""
    if workers <= 0:
        return []
    gevent_port = port + 3
    if not port_free(gevent_port):
        raise WorkspaceError(f"Port {gevent_port} (long polling, the HTTP port + 3) is already in use.")
    return [
        f"--workers={workers}",
        f"--gevent-port={gevent_port}",
        *(f"--{name}={value}" for name, value in WORKER_LIMITS.items()),
    ]


def create_demo_db(odoo_root, conf, database, scale, seed, install=True):
    """Install the add-ons into a new `database` (when `install`), then generate the demo reseller."""
    if install:
        say(f"creating the database {database} with {', '.join(ADDONS)} (a few minutes)")
        modules = ",".join(ADDONS + ODOO_ADDONS)
        run(odoo_cmd("-c", conf, "-d", database, "-i", modules, "--without-demo=all", "--stop-after-init"))
    say(f"generating the demo reseller (scale {scale}, seed {seed})")
    demo = ["reseller-kpi-demo", "-c", conf, "-d", database, "--scale", scale, "--seed", seed]
    run(odoo_cmd(f"--addons-path={addons_path(odoo_root)}", *demo))


def cmd_demo(args):
    odoo_root = ensure_odoo()
    params = db_params()
    conf = write_config(odoo_root, params, "run")
    create_demo_db(odoo_root, conf, args.database, args.scale, args.seed, install=not db_exists(params, args.database))
    return 0


def cmd_bench(args):
    """Print the KPI refresh benchmark of a demo database (setup/benchmark.py)."""
    odoo_root = ensure_odoo()
    params = db_params()
    conf = write_config(odoo_root, params, "run")
    if not db_exists(params, args.database):
        say(f"no database {args.database}: generate it first with make demo DB={args.database} SCALE=5")
        return 2
    bench = [sys.executable, ROOT / "setup" / "benchmark.py", "--config", conf, "--database", args.database]
    extra = ["--surveys"] if args.surveys else []
    return subprocess.call([str(c) for c in bench] + ["--multiply", args.multiply, *extra])


def serve_in_background(conf, database, port, server, log_name):
    """Odoo on `port` for a script (replica check, load test); its log goes to .odoo/<log_name>.log."""
    log = open(STATE / f"{log_name}.log", "w")
    proc = subprocess.Popen(
        odoo_cmd("-c", conf, "-d", database, "--db-filter", f"^{database}$", f"--http-port={port}", *server),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.log = log
    return proc


def stop_server(proc):
    """Stop an Odoo started by serve_in_background: SIGINT is its graceful shutdown, workers included."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    proc.log.close()


def wait_for_port(port, proc, seconds=180):
    """True once something listens on 127.0.0.1:`port`; False when Odoo exits or time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if not port_free(port):
            return True
        time.sleep(1)
    return False


def cmd_replica(args):
    """A streaming replica of the private cluster, Odoo on both, and where the dashboard's queries went."""
    odoo_root = ensure_odoo()
    params = db_params()
    if not db_exists(params, args.database):
        say(f"no database {args.database}: make run creates it, or make demo DB={args.database} SCALE=0.2")
        return 2
    replica = start_replica(params)
    port = int(os.environ.get("PORT") or "8079")
    conf = write_config(odoo_root, params, "replica", **replica)
    # two workers and no cron: the statistics then show the requests only
    server = [*server_options(2, port), "--max-cron-threads=0", "--log-level=warn"]
    say(f"Odoo on the primary and the replica, http://127.0.0.1:{port}, database {args.database}")
    check = [
        "replica_check.py",
        f"--database={args.database}",
        f"--primary-host={params['db_host']}",
        f"--primary-port={params['db_port']}",
        f"--replica-host={replica['db_replica_host']}",
        f"--replica-port={replica['db_replica_port']}",
        f"--user={params['db_user']}",
    ]
    try:
        return run_against_server(conf, args.database, port, server, "replica", check, env=psql_env(params))
    finally:
        say("Odoo stopped; the replica keeps running (make stop stops both servers)")


def run_against_server(conf, database, port, server, log_name, script, env=None):
    """Serve `database` in the background, run setup/<script> (its name, then its options) against it
    with --url, and stop the server whatever happens; returns the script's exit code."""
    proc = serve_in_background(conf, database, port, server, log_name)
    try:
        if not wait_for_port(port, proc):
            raise WorkspaceError(f"Odoo did not start: see {STATE / f'{log_name}.log'}")
        name, *options = script
        command = [sys.executable, ROOT / "setup" / name, f"--url=http://127.0.0.1:{port}", *options]
        return subprocess.call([str(c) for c in command], env=env)
    finally:
        stop_server(proc)


def cmd_load(args):
    """20 dashboard users on Odoo's workers while a refresh runs (setup/load_test.py)."""
    odoo_root = ensure_odoo()
    params = db_params()
    if not db_exists(params, args.database):
        say(f"no database {args.database}: generate it first with make demo DB={args.database} SCALE=0.2")
        return 2
    port = int(os.environ.get("PORT") or "8079")
    extra = start_replica(params) if args.replica else {}
    conf = write_config(odoo_root, params, "load", **extra)
    server = [*server_options(int(args.workers), port), "--max-cron-threads=0", "--log-level=warn"]
    say(f"Odoo with {args.workers} workers on http://127.0.0.1:{port}{', reads on the replica' if extra else ''}")
    load = [
        "load_test.py",
        f"--database={args.database}",
        f"--config={conf}",
        f"--users={args.users}",
        f"--seconds={args.seconds}",
        f"--think={args.think}",
    ]
    return run_against_server(conf, args.database, port, server, "load", load)


def cmd_test(args):
    odoo_root = ensure_odoo()
    ensure_test_tools()
    params = db_params()
    port = os.environ.get("TEST_PORT", "8169")
    conf = write_config(odoo_root, params, "test", http_port=port, http_interface="127.0.0.1")
    return subprocess.call(
        [sys.executable, ROOT / "setup" / "run_tests.py", "--config", conf, "--database", TEST_DB, *args.rest]
    )


I18N_DB = "reseller_kpi_i18n"


def cmd_i18n(_args):
    """Regenerate each add-on's .pot from a fresh database and merge it into its fr.po (make i18n).

    The registry's strings are marked with ``_lt`` in the code, so the exporter keeps them; new
    msgids reach fr.po untranslated, for a translator to fill (the tests list the missing ones).
    """
    odoo_root = ensure_odoo()
    if not shutil.which("msgmerge"):
        raise WorkspaceError("make i18n needs msgmerge (Debian's gettext package: apt-get install gettext).")
    params = db_params()
    conf = write_config(odoo_root, params, "run")
    if db_exists(params, I18N_DB):
        drop_db(params, I18N_DB)
    say(f"creating the database {I18N_DB} with {', '.join(ADDONS)} (a few minutes)")
    log = ["--log-level=warn", "--stop-after-init"]
    run(odoo_cmd("-c", conf, "-d", I18N_DB, "-i", ",".join(ADDONS), "--without-demo=all", *log))
    try:
        for addon in ADDONS:
            folder = ROOT / addon / "i18n"
            pot = folder / f"{addon}.pot"
            run(odoo_cmd("-c", conf, "-d", I18N_DB, f"--i18n-export={pot}", f"--modules={addon}", *log))
            french = folder / "fr.po"
            if not french.exists():
                # a new add-on: its French catalogue starts from its template, untranslated
                text = pot.read_text().replace('"Language-Team: \\n"\n', '"Language-Team: \\n"\n"Language: fr\\n"\n', 1)
                text = text.replace('"Plural-Forms: \\n"', '"Plural-Forms: nplurals=2; plural=n > 1;\\n"', 1)
                french.write_text(
                    text.replace("# Translation of Odoo Server.", "# French translation of Odoo Server.", 1)
                )
            run(["msgmerge", "--quiet", "--update", "--backup=none", "--no-fuzzy-matching", french, pot])
            say(f"{addon}: {pot.relative_to(ROOT)} exported, fr.po merged")
    finally:
        drop_db(params, I18N_DB)
    return 0


def cmd_odoo(args):
    """Run any Odoo CLI command with the workspace configuration (make odoo ARGS=...)."""
    odoo_root = ensure_odoo()
    params = db_params()
    conf = write_config(odoo_root, params, "run")
    rest = list(args.rest)
    if rest and not rest[0].startswith("-"):
        # a subcommand (shell, reseller-kpi-demo...) comes first, its options after
        return subprocess.call(odoo_cmd(f"--addons-path={addons_path(odoo_root)}", rest[0], "-c", conf, *rest[1:]))
    return subprocess.call(odoo_cmd("-c", conf, *rest))


def cmd_lint(_args):
    """pre-commit on every file; its hooks install from PyPI and npm only."""
    pip_install([ROOT / "setup" / "requirements-lint.txt"], "lint")
    env = dict(
        os.environ, PRE_COMMIT_HOME=os.environ.get("PRE_COMMIT_HOME", str(Path.home() / ".cache" / "pre-commit"))
    )
    return subprocess.call(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure", "--color=never"],
        cwd=ROOT,
        env=env,
    )


def cmd_stop(_args):
    if external_pg():
        say("PGHOST/PGPORT/PGUSER/PGPASSWORD point at your own server: nothing to stop.")
        return 0
    stop_private_pg()
    return 0


def cmd_clean(args):
    base, _data, sock = cluster_dirs()
    candidates = list(dict.fromkeys((VENV, STATE, base, PGDIR, sock, replica_dirs()[1], ODOO_CLONE)))
    # a folder inside another one goes with it
    targets = [p for p in candidates if p.exists() and not any(o != p and o in p.parents for o in candidates)]
    if not targets:
        say("nothing to remove")
        return 0
    say("this removes: " + ", ".join(str(p) for p in targets))
    say("  (the virtualenv, the PostgreSQL cluster with its databases, Odoo's filestore and configuration)")
    if not args.yes:
        if not sys.stdin.isatty():
            raise WorkspaceError("Not removing anything without confirmation: run make clean YES=1.")
        if input("Remove them? [y/N] ").strip().lower() not in ("y", "yes"):
            say("nothing removed")
            return 0
    if not external_pg() and pg_bindir():
        stop_private_pg()
    for path in targets:
        shutil.rmtree(path, ignore_errors=True)
    say("removed")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="serve the demo database on http://127.0.0.1:8069")
    p_run.add_argument("--port", default="8069")
    p_run.add_argument("--scale", default=os.environ.get("SCALE", "1"))
    p_run.add_argument("--seed", default=os.environ.get("SEED", "42"))
    p_run.add_argument("--workers", default=os.environ.get("WORKERS") or "0", help="HTTP worker processes")
    p_run.add_argument(
        "--replica",
        action="store_true",
        default=os.environ.get("REPLICA", "") in ("1", "y", "yes", "true"),
        help="start a streaming replica of the cluster and send read-only requests to it",
    )
    p_demo = sub.add_parser("demo", help="generate the demo reseller into a database")
    p_demo.add_argument("--database", default=os.environ.get("DB", "reseller_kpi_bench"))
    p_demo.add_argument("--scale", default=os.environ.get("SCALE", "1"))
    p_demo.add_argument("--seed", default=os.environ.get("SEED", "42"))
    p_bench = sub.add_parser("bench", help="print the KPI refresh benchmark of a demo database")
    p_bench.add_argument("--database", default=os.environ.get("DB", "reseller_kpi_bench"))
    p_bench.add_argument("--multiply", default=os.environ.get("MULTIPLY", "1"))
    p_bench.add_argument("--surveys", action="store_true", default=bool(os.environ.get("SURVEYS")))
    p_replica = sub.add_parser("replica", help="start a streaming replica and show the dashboard read from it")
    p_replica.add_argument("--database", default=os.environ.get("DB", DEMO_DB))
    p_load = sub.add_parser("load", help="concurrent dashboard users while a refresh runs")
    p_load.add_argument("--database", default=os.environ.get("DB", DEMO_DB))
    p_load.add_argument("--workers", default=os.environ.get("WORKERS") or "4")
    p_load.add_argument("--users", default=os.environ.get("USERS") or "20")
    p_load.add_argument("--seconds", default=os.environ.get("DURATION") or "60")
    p_load.add_argument("--think", default=os.environ.get("THINK") or "0")
    p_load.add_argument("--replica", action="store_true", default=os.environ.get("REPLICA", "") in ("1", "y", "yes"))
    sub.add_parser("test", help="run every test on a fresh database (arguments after -- go to pytest)")
    sub.add_parser("odoo", help="run Odoo's CLI with the workspace configuration")
    sub.add_parser("lint", help="run the pre-commit checks on every file")
    sub.add_parser("i18n", help="export each add-on's .pot and merge it into its fr.po")
    sub.add_parser("stop", help="stop the private PostgreSQL cluster")
    p_clean = sub.add_parser("clean", help="remove the virtualenv, the cluster and generated files")
    p_clean.add_argument("--yes", action="store_true")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("odoo", "test"):
        # everything after the command goes to Odoo / pytest untouched
        passthrough = argv[1:]
        if passthrough[:1] == ["--"]:
            passthrough = passthrough[1:]
        args = parser.parse_args(argv[:1])
        args.rest = passthrough
    else:
        args = parser.parse_args(argv)
    try:
        if args.command in ("run", "demo", "bench", "test", "odoo", "lint", "replica", "load", "i18n"):
            ensure_venv()
        handler = {
            "run": cmd_run,
            "demo": cmd_demo,
            "bench": cmd_bench,
            "test": cmd_test,
            "odoo": cmd_odoo,
            "replica": cmd_replica,
            "load": cmd_load,
            "lint": cmd_lint,
            "i18n": cmd_i18n,
            "stop": cmd_stop,
            "clean": cmd_clean,
        }[args.command]
        return handler(args)
    except WorkspaceError as exc:
        say(str(exc))
        return 2
    except subprocess.CalledProcessError as exc:
        say(f"a step failed (exit code {exc.returncode}): {' '.join(map(str, exc.cmd))[:300]}")
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
