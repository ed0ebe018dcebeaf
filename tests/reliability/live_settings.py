"""A live server on the private PostgreSQL cluster, with production's connection handling:
persistent connections (CONN_MAX_AGE) checked before each request (CONN_HEALTH_CHECKS), so a
connection broken by a database restart is replaced by itself."""

from meetregion.settings.test import *  # noqa: F403
from meetregion.settings.test import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
MEETREGION_RATE_LIMIT_POSTS = 100_000
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
