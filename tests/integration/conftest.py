"""A real Celery worker process on Redis, sharing the test database and an SMTP sink."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from meetregion.celery import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker(transactional_db, smtp_sink, tmp_path):
    """Start `celery worker` as its own process; tasks from this test go through Redis."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meetregion.settings.test",
        "TEST_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": smtp_sink.url,
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "meetregion",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--logfile={log}",
            "--hostname=test-worker@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(lambda: log.exists() and "ready." in log.read_text(), 45, "worker start")
        app.conf.task_always_eager = False
        yield process
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        if log.exists():
            sys.stderr.write(log.read_text()[-4000:])


def _wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def wait_for():
    return _wait_for
