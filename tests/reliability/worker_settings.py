"""The test settings as a real worker needs them.

meetregion.settings.test runs tasks eagerly (most tests want that); inside a worker that would
turn a retry with a countdown into an immediate local call. A test that kills a worker also
wants unacknowledged tasks back after a few seconds instead of an hour."""

from meetregion.settings.test import *  # noqa: F403
from meetregion.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int("MEETREGION_TEST_VISIBILITY_TIMEOUT", default=3600),
}
