"""The test suite: real PostgreSQL and Redis on 127.0.0.1 unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/meetregion"),
}
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "meetregion-test",
    }
}
# Most tests run tasks inline after commit; the tests marked `worker` switch to a real
# Celery worker on Redis.
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True
# The Celery worker started by the integration tests sends to a local SMTP sink instead.
MAILERS = {
    "default": mailer_from_url(env("EMAIL_URL", default="memorymail://")),  # noqa: F405
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Local disk whatever the environment says; tests/storage switch to a local S3-compatible server.
AWS_STORAGE_BUCKET_NAME = ""
MEETREGION_FILE_DOWNLOADS = "stream"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"
# Tests see every change at once; tests/performance turns the page cache on where it is tested.
MEETREGION_PAGE_CACHE_SECONDS = 0
# Each test sees its own figures; tests/followup/test_dashboard.py turns the cache on.
MEETREGION_DASHBOARD_CACHE_SECONDS = 0
# Sessions do not idle out in tests that travel in time; tests/staffauth turns the timeout on.
MEETREGION_STAFF_IDLE_MINUTES = 0
