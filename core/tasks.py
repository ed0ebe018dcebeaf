"""The worker's heartbeat: proof for /healthz/ that a Celery worker takes tasks."""

import time

from celery import shared_task
from django.core.cache import cache

HEARTBEAT_KEY = "core:worker-heartbeat"


@shared_task(name="core.tasks.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    # Beat queues this every minute; whichever worker runs it writes the time.
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)
