"""The test settings as a real worker needs them.

meetregion.settings.test runs tasks eagerly (most tests want that); inside a worker that would
turn a retry with a countdown into an immediate local call. A test that kills a worker wants
unacknowledged tasks back after a few seconds: it sets CELERY_VISIBILITY_TIMEOUT and the
restore scan (CELERY_UNACKED_RESTORE_*) in the worker's environment, read by base.py."""

from meetregion.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
