# ruff: noqa: S603 - runs fixed local tools (wrk, gunicorn, git) on loopback
"""What the benchmark starts and stops: the database (created and seeded when missing),
gunicorn, a Celery worker and an SMTP sink, each on loopback."""

import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from config import (
    DB_URL,
    ENV,
    PORT,
    ROOT,
    SMTP_PORT,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    log,
    manage,
)


def database_ensure() -> None:
    import psycopg2

    base, name = DB_URL.rsplit("/", 1)
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    manage("migrate", "--noinput", "-v0")
    log("seeding the large data set when missing (a few minutes the first time)")
    manage("seed_demo", "--scale", "large")
    manage("collectstatic", "--noinput", "-v0")


class SmtpSink:
    """aiosmtpd on loopback; records when each recipient's message arrived."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                now = time.monotonic()
                with sink.lock:
                    for rcpt in envelope.rcpt_tos:
                        sink.arrived.setdefault(rcpt.lower(), now)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def start(args: list[str], name: str) -> subprocess.Popen:
    logfile = open(Path(tempfile.gettempdir()) / f"meetregion-bench-{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        args, cwd=ROOT, env=ENV, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback only
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def gunicorn_start(app: str = "meetregion.wsgi:application", name: str = "gunicorn"):
    """gunicorn on loopback with the settings every measured application shares (the bare
    WSGI ceiling and the portal): the same workers, worker class, threads and access log."""
    args = [
        str(ROOT / ".venv/bin/gunicorn"),
        app,
        "--pythonpath",
        str(ROOT / "bench"),
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    if WORKER_CLASS == "gthread":
        args += ["--threads", str(THREADS)]
    return start(args, name)


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children that are still alive (gunicorn's
    master and its workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def worker_start() -> subprocess.Popen:
    return start(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "meetregion",
            "worker",
            "-c",
            "2",
            "--loglevel",
            "WARNING",
            "-n",
            f"bench{PORT}@%h",
        ],
        "worker",
    )
