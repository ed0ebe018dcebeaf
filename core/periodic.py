"""Celery beat that sends each periodic task once per period, however many beats run.

Exactly one beat is the rule, but platforms break it: a Deployment scaled to two, a rolling
update that starts the new beat before the old one stops, a second machine started from the
same compose file. Every beat therefore claims the period in PostgreSQL before it sends
(core.services.periodic_run_claim, one row per schedule entry, a conditional update): the first
claim wins and the others skip. Any surviving beat keeps the schedule going, so a second beat
is a spare, not a duplicate. (Digests are also once per user per day by their own unique row;
the claim covers every entry, the sweeps and clean-ups included.)

CELERY_BEAT_SCHEDULER in settings/base.py names this class.
"""

import os
import socket
from datetime import timedelta

from celery.beat import PersistentScheduler
from celery.utils.log import get_logger
from django.db import DatabaseError, close_old_connections, connection

logger = get_logger(__name__)

# Crontab and solar schedules are resolved to the minute.
DEFAULT_PERIOD = timedelta(minutes=1)


def entry_period(schedule) -> timedelta:
    every = getattr(schedule, "run_every", None)
    return every if isinstance(every, timedelta) and every.total_seconds() > 0 else DEFAULT_PERIOD


class OncePerPeriodScheduler(PersistentScheduler):
    whoami = f"{socket.gethostname()}:{os.getpid()}"

    def apply_entry(self, entry, producer=None):
        if self.claim(entry):
            super().apply_entry(entry, producer=producer)
        else:
            logger.info("Scheduler: %s was sent this period by another beat", entry.name)

    def claim(self, entry) -> bool:
        from core.services import periodic_run_claim

        # Beat is one long-lived process: drop a connection that a database restart broke.
        close_old_connections()
        try:
            period = periodic_run_claim(
                name=entry.name, period=entry_period(entry.schedule), by=self.whoami
            )
        except DatabaseError:
            # Without the record nobody can tell whether another beat sent it: skip this
            # period (the tasks are sweeps that catch up on the next one).
            logger.warning("Scheduler: cannot claim %s, skipped", entry.name, exc_info=True)
            connection.close()
            return False
        if period is None:
            return False
        logger.info(
            "Scheduler: %s claimed for the period from %s by %s",
            entry.name,
            period.isoformat(),
            self.whoami,
        )
        return True
