"""Queue a task for a row that is already the record: Redis is the doorbell, not the store."""

import logging

logger = logging.getLogger(__name__)


def task_ring(task, *args, what: str, countdown: int | None = None) -> bool:
    """Queue `task(*args)`. A broker that is down is logged, never raised: the row is the
    record and a periodic sweep queues it again, so a web request never fails or waits
    because of Redis. `what` names the row in the log ("e-mail 12")."""
    try:
        task.apply_async(args, countdown=countdown, retry=False)
    except Exception:
        logger.warning("Could not queue %s; the sweep will.", what, exc_info=True)
        return False
    return True
