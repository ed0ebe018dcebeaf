"""Queue a task for a row that is already the record: Redis is the doorbell, not the store.

Services name the task they ring for ("notifications.tasks.email_send") instead of importing
it: the tasks import the services, never the other way round, so no app has a circle between
its services and its tasks.
"""

import logging

from celery import current_app

logger = logging.getLogger(__name__)


def task_by_name(name: str):
    """The registered Celery task `name`. A web process imports the apps' tasks modules the
    first time it needs one (Celery's autodiscovery, as a worker does at start-up)."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def task_ring(name: str, *args, what: str, countdown: int | None = None) -> bool:
    """Queue the task `name` with `args`. A broker that is down is logged, never raised: the
    row is the record and a periodic sweep queues it again, so a web request never fails or
    waits because of Redis. `what` names the row in the log ("e-mail 12")."""
    task = task_by_name(name)
    try:
        task.apply_async(args, countdown=countdown, retry=False)
    except Exception:
        logger.warning("Could not queue %s; the sweep will.", what, exc_info=True)
        return False
    return True
