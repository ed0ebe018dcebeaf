"""Production's settings with the beat schedule run in seconds: the same entries and tasks,
each every MEETREGION_TEST_BEAT_SECONDS, so that a test sees many periods in a few seconds."""

import os
from datetime import timedelta

from meetregion.settings.production import *  # noqa: F403
from meetregion.settings.production import CELERY_BEAT_SCHEDULE

CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": timedelta(seconds=int(os.environ["MEETREGION_TEST_BEAT_SECONDS"]))}
    for name, entry in CELERY_BEAT_SCHEDULE.items()
}
