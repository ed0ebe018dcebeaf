"""A real Celery worker process on Redis, sharing the test database and an SMTP sink."""

import sys

import pytest
import redis
from django.conf import settings

from meetregion.celery import app

from ..workers import Worker
from ..workers import wait_for as _wait_for


@pytest.fixture
def celery_worker(transactional_db, smtp_sink, tmp_path):
    """Start `celery worker` as its own process; tasks from this test go through Redis."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    worker = Worker(
        broker=settings.CELERY_BROKER_URL,
        smtp_url=smtp_sink.url,
        log=tmp_path / "worker.log",
        # The worker itself never runs tasks eagerly (a retry must wait for its countdown).
        settings_module="tests.worker_settings",
    )
    try:
        worker.start()
        app.conf.task_always_eager = False
        yield worker.process
    finally:
        app.conf.task_always_eager = True
        worker.stop()
        if worker.log.exists():
            sys.stderr.write(worker.log.read_text()[-4000:])


@pytest.fixture
def wait_for():
    return _wait_for
