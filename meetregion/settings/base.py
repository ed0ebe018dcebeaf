"""Settings shared by every environment. Everything that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default=env("SECRET_KEY", default=""))
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "notifications",
    "ideas",
    "projects",
    "resourcebank",
    "workgroups",
    "knowledgebank",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "meetregion.urls"
WSGI_APPLICATION = "meetregion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# The quick start runs on an embedded SQLite file; tests and production use PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the interface speaks English, Swedish and Norwegian Bokmål.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("nb", _("Norwegian Bokmål")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"

# Redis is the Celery broker and the cache. Without it, tasks run eagerly in the web
# process (the quick start), and the cache is local memory.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A web request must never hang on a broker that is down: publishing fails fast and the
# outbox sweep delivers later.
# (max_retries governs publishing only; the worker's consumer reconnects with its own policy.)
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
}
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-emails": {
        "task": "notifications.tasks.emails_sweep",
        "schedule": timedelta(minutes=1),
    },
    "delete-unconfirmed-members": {
        "task": "resourcebank.tasks.members_unconfirmed_delete",
        "schedule": timedelta(hours=1),
    },
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "meetregion",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail (Django 6.1 mailers). The quick start prints messages to the console; set EMAIL_URL,
# e.g. smtp+tls://user:password@smtp.example.org:587, for a real server.
def mailer_from_url(url: str) -> dict:
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    if backend == "django.core.mail.backends.console.EmailBackend":
        return {"BACKEND": "notifications.console.EmailBackend"}
    if not backend.endswith("smtp.EmailBackend"):
        return {"BACKEND": backend}
    options = {
        "host": config.get("EMAIL_HOST") or "localhost",
        "port": config.get("EMAIL_PORT") or 25,
        "username": config.get("EMAIL_HOST_USER") or "",
        "password": config.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(config.get("EMAIL_USE_TLS")),
        "use_ssl": bool(config.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_url(env("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="meetregion <noreply@meetregion.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# How the outbox retries a transient SMTP failure: delay (seconds) = base * 2**attempt.
MEETREGION_EMAIL_MAX_ATTEMPTS = env.int("MEETREGION_EMAIL_MAX_ATTEMPTS", default=8)
MEETREGION_EMAIL_RETRY_BASE_SECONDS = env.int("MEETREGION_EMAIL_RETRY_BASE_SECONDS", default=30)
# A row claimed by a worker that died is handed out again after this long.
MEETREGION_EMAIL_CLAIM_TIMEOUT_SECONDS = env.int("MEETREGION_EMAIL_CLAIM_TIMEOUT_SECONDS", default=300)
# A submitter may ask for their tracking links at most this often per address.
MEETREGION_TRACKING_RESEND_INTERVAL_SECONDS = env.int(
    "MEETREGION_TRACKING_RESEND_INTERVAL_SECONDS", default=600
)

# Resource bank. Organisation numbers are validated for this country: "SE" or "NO".
MEETREGION_COUNTRY = env("MEETREGION_COUNTRY", default="SE").upper()
# Unconfirmed registrations (and their confirmation links) are deleted after this many days.
MEETREGION_MEMBER_CONFIRM_DAYS = env.int("MEETREGION_MEMBER_CONFIRM_DAYS", default=7)
# A member's sign-in link works once, for this long; the member session lasts this long.
MEETREGION_MEMBER_SIGN_IN_MINUTES = env.int("MEETREGION_MEMBER_SIGN_IN_MINUTES", default=30)
MEETREGION_MEMBER_SESSION_MINUTES = env.int("MEETREGION_MEMBER_SESSION_MINUTES", default=120)
# At most one sign-in e-mail per address per interval.
MEETREGION_MEMBER_SIGN_IN_INTERVAL_SECONDS = env.int(
    "MEETREGION_MEMBER_SIGN_IN_INTERVAL_SECONDS", default=300
)

# Knowledge-bank documents: the largest file staff may upload (bytes).
MEETREGION_DOCUMENT_MAX_BYTES = env.int("MEETREGION_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# PostgreSQL text search configuration; empty means "follow LANGUAGE_CODE" (projects/textsearch.py).
MEETREGION_SEARCH_CONFIG = env("MEETREGION_SEARCH_CONFIG", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task is noise in the quick start, where tasks run in the web process.
        "celery.app.trace": {"level": env("CELERY_TRACE_LOG_LEVEL", default="WARNING")},
    },
}

# Working groups: how long an invitation link stays valid.
MEETREGION_INVITATION_DAYS = env.int("MEETREGION_INVITATION_DAYS", default=14)
