# ruff: noqa: S603 - runs fixed local tools (wrk, gunicorn, git) on loopback
"""Where `make bench` runs: the database, Redis, ports, durations and the environment of every
process it starts. All from BENCH_* environment variables, with defaults for this machine."""

import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meetregion_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
PORT = int(os.environ.get("BENCH_PORT", "8208"))
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8209"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Seconds each direct measurement may take at most; it stops early with fewer samples.
BUDGET = float(os.environ.get("BENCH_DIRECT_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
# sync (one request a worker at a time) or gthread (BENCH_THREADS a worker: a request waiting
# on PostgreSQL leaves the core to another).
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
# Sequential requests per page for the single-request latency and its database time.
SINGLE = int(os.environ.get("BENCH_SINGLE", "20"))
BASE = f"http://127.0.0.1:{PORT}"
STATIC = Path(tempfile.gettempdir()) / "meetregion-bench-static"

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "meetregion.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS_URL,
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": BASE,
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(STATIC),
    "LOG_LEVEL": "WARNING",
    "CONN_MAX_AGE": "60",
    # Each response says how long Django and the database took (core/timing.py).
    "MEETREGION_SERVER_TIMING": "true",
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True)
