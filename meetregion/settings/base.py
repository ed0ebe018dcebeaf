"""Settings shared by every environment. Everything that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

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
    "django.contrib.sitemaps",
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
    "followup",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, plus ?lang=<code> for one request (the hreflang alternates).
    "core.languages.QueryLocaleMiddleware",
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

# Django's form renderer, minus the templates of empty error lists (core/rendering.py).
FORM_RENDERER = "core.rendering.QuickRenderer"

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
    # A task a worker took but never acknowledged (the worker was killed) goes back to the
    # queue after this many seconds; Redis restores it on a scan every interval × throttle
    # seconds. Tasks never wait longer than this inside a worker (see email_send's retries).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=3),
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
    # Hourly, but each staff member gets at most one digest a day (followup.Digest).
    "followup-reminder-digests": {
        "task": "followup.tasks.digests_send",
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
MEETREGION_EMAIL_CLAIM_TIMEOUT_SECONDS = env.int(
    "MEETREGION_EMAIL_CLAIM_TIMEOUT_SECONDS", default=300
)
# A retry this soon waits inside the worker (an ETA task, unacknowledged: it must stay well
# below the visibility timeout); a longer backoff is left to the sweep (next_attempt_at).
MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS = env.int(
    "MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS", default=120
)
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
# Every upload is handed to this virus scanner after its type and size are checked: a dotted
# path to a callable (file) -> the name of what was found, or None. Empty: no scan.
# "core.scanning.clamd_scan" asks a ClamAV daemon at MEETREGION_CLAMD_ADDRESS (host:port).
MEETREGION_UPLOAD_SCANNER = env("MEETREGION_UPLOAD_SCANNER", default="")
MEETREGION_CLAMD_ADDRESS = env("MEETREGION_CLAMD_ADDRESS", default="127.0.0.1:3310")
MEETREGION_CLAMD_TIMEOUT_SECONDS = env.float("MEETREGION_CLAMD_TIMEOUT_SECONDS", default=30.0)
# PostgreSQL text search configuration; empty means "follow LANGUAGE_CODE" (core/textsearch.py).
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

# --- Security (issue 7) ---------------------------------------------------------------
# Content-Security-Policy on every response (Django's own middleware). No inline script
# anywhere: templates load scripts from /static/; a view that truly needs an inline script
# uses the per-request nonce ({{ csp_nonce }}).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Bootstrap draws its small icons (menu, checkboxes) as data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("django.template.context_processors.csp")
MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
# A lost database connection inside a view answers with the 503 page (core/errors.py).
MIDDLEWARE.append("core.errors.DatabaseUnavailableMiddleware")

# Staff sign-in (admin included): 5 failures for one username from one address lock that
# pair out for 15 minutes (django-axes; the page is templates/errors/lockout.html).
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"

# Public forms (core/ratelimit.py): at most this many posts per form and address in a window.
MEETREGION_RATE_LIMIT_POSTS = env.int("MEETREGION_RATE_LIMIT_POSTS", default=10)
MEETREGION_RATE_LIMIT_WINDOW_SECONDS = env.int("MEETREGION_RATE_LIMIT_WINDOW_SECONDS", default=3600)
# Number of reverse proxies in front of the app; 0 means REMOTE_ADDR is the client.
MEETREGION_PROXY_COUNT = env.int("MEETREGION_PROXY_COUNT", default=0)

# Follow-up: an idea waiting for or in screening longer than this many days is "stalled";
# reminder digests go out on the first beat run at or after this local hour.
MEETREGION_SCREENING_STALE_DAYS = env.int("MEETREGION_SCREENING_STALE_DAYS", default=14)
MEETREGION_DIGEST_HOUR = env.int("MEETREGION_DIGEST_HOUR", default=7)
# The dashboard's charts (aggregates over every idea) are recomputed at most this often; its
# lists of what needs doing now are always current. 0 computes them on every view.
MEETREGION_DASHBOARD_CACHE_SECONDS = env.int("MEETREGION_DASHBOARD_CACHE_SECONDS", default=600)
# An evaluation export of more rows than this is built by a worker (followup.ExportJob), with a
# status page, instead of inside the admin request; its file can be downloaded for a day.
MEETREGION_EXPORT_INLINE_MAX = env.int("MEETREGION_EXPORT_INLINE_MAX", default=2000)
# Empties the files of expired export jobs and queues again jobs whose task was lost.
CELERY_BEAT_SCHEDULE["followup-export-jobs-sweep"] = {
    "task": "followup.tasks.export_jobs_sweep",
    "schedule": timedelta(minutes=10),
}

# --- Languages of staff-entered content (issue 6) ---------------------------------------
# django-modeltranslation must come before the admin; core/, ideas/ and resourcebank/
# translation.py register the fields. A missing translation falls back to LANGUAGE_CODE.
INSTALLED_APPS.insert(0, "modeltranslation")
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (LANGUAGE_CODE,)}

# --- Scale and speed (issue 8) ---------------------------------------------------------
# Anonymous public pages are cached per language for this many seconds and dropped at once
# when their content changes (core/caching.py); 0 switches the page cache off.
MEETREGION_PAGE_CACHE_SECONDS = env.int("MEETREGION_PAGE_CACHE_SECONDS", default=5)
# Results drawn from many rows that a staff page asks for on every view (the screening page's
# similar work and member suggestions) are kept under the same content generation, so exact;
# this only bounds how long an unused one takes memory (core.caching.kept_result). 0: off.
MEETREGION_KEPT_RESULT_SECONDS = env.int("MEETREGION_KEPT_RESULT_SECONDS", default=600)
MIDDLEWARE.append("core.caching.PublicPageCacheMiddleware")
# Hits are answered early, just inside the security and CSP middleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
    "core.caching.PublicPageCacheLookupMiddleware",
)
# A worker counts as alive when its heartbeat (a beat task, every minute) is this recent.
MEETREGION_WORKER_HEARTBEAT_MAX_AGE = env.int("MEETREGION_WORKER_HEARTBEAT_MAX_AGE", default=180)
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "core.tasks.worker_heartbeat",
    "schedule": timedelta(minutes=1),
}
# Tracking links stop working this many days after the idea reached a final stage.
MEETREGION_TRACKING_LINK_DAYS_AFTER_CLOSE = env.int(
    "MEETREGION_TRACKING_LINK_DAYS_AFTER_CLOSE", default=180
)

# --- Privacy (issue 7) ---------------------------------------------------------------------
# Declined and referred ideas lose their personal data (contact, e-mail, phone, organisation
# name, description, tracking links, outbox copies) this many days after they closed; the
# municipality's archive rules decide the period.
MEETREGION_ANONYMISE_CLOSED_IDEAS_DAYS = env.int(
    "MEETREGION_ANONYMISE_CLOSED_IDEAS_DAYS", default=365
)
CELERY_BEAT_SCHEDULE["anonymise-closed-ideas"] = {
    "task": "ideas.tasks.ideas_anonymise_closed",
    "schedule": timedelta(days=1),
}

# --- Staff sign-in: single sign-on, sessions, a second factor (issue 16) ---------------------
# staffauth/ holds it all. Single sign-on is on when OIDC_ISSUER is set: the provider's
# discovery document gives the endpoints; its groups/roles claims give staff their roles
# through the claim mappings staff edit in the admin (staffauth.ClaimMapping).
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
INSTALLED_APPS.append("staffauth")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Passwords, unless MEETREGION_STAFF_PASSWORD_LOGIN is off; permissions for everyone.
    "staffauth.backends.StaffPasswordBackend",
    "staffauth.backends.StaffOIDCBackend",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# After the messages: an idle session ends with a note on the sign-in page.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "staffauth.middleware.StaffSessionMiddleware",
)
AXES_WHITELIST_CALLABLE = "staffauth.backends.axes_never_lock_out"
OIDC_ISSUER = env("OIDC_ISSUER", default="").rstrip("/")
if OIDC_ISSUER:
    # The admin's logout form ends at the provider's logout (a redirect after a POST), which
    # the Content-Security-Policy's form-action must allow.
    _issuer = urlsplit(OIDC_ISSUER)
    SECURE_CSP["form-action"] = [*SECURE_CSP["form-action"], f"{_issuer.scheme}://{_issuer.netloc}"]
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", default="RS256")
# "Sign in with <this name>" on the admin's sign-in page: the organisation's name.
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="your organisation")
# The claims whose values are looked up in the claim mappings (Keycloak: groups; Entra ID:
# groups or roles, the app roles).
OIDC_ROLE_CLAIMS = env.list("OIDC_ROLE_CLAIMS", default=["groups", "roles"])
# Merge the provider's userinfo answer into the ID token's claims (off for Entra ID, whose
# userinfo endpoint is Microsoft Graph and knows no groups).
OIDC_USE_USERINFO = env.bool("OIDC_USE_USERINFO", default=True)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_STORE_ID_TOKEN = True  # the hint of the RP-initiated logout
OIDC_CREATE_USER = True  # only for people a claim mapping lets in (staffauth.services)
OIDC_AUTHENTICATION_CALLBACK_URL = "staffauth:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "staffauth.provider.provider_logout_url"
LOGIN_REDIRECT_URL = "/admin/"
LOGIN_REDIRECT_URL_FAILURE = "/admin/login/"
# Off: the admin's sign-in page offers the organisation's account only, and no password
# (a superuser's included) signs anyone in.
MEETREGION_STAFF_PASSWORD_LOGIN = env.bool("MEETREGION_STAFF_PASSWORD_LOGIN", default=True)
# A staff session ends after this many minutes without a request.
MEETREGION_STAFF_IDLE_MINUTES = env.int("MEETREGION_STAFF_IDLE_MINUTES", default=30)
# Who must use a second factor (TOTP) after a password: "none", "superusers" or "staff".
# Anyone who set one up uses it whatever this says. Sign-in through the provider is exempt:
# the organisation's provider asks for its own second factor.
MEETREGION_STAFF_2FA_REQUIRED = env("MEETREGION_STAFF_2FA_REQUIRED", default="none")
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="meetregion")
# Sessions nobody signed out of (a closed browser) are ended, rows and all.
CELERY_BEAT_SCHEDULE["staff-sessions-sweep"] = {
    "task": "staffauth.tasks.staff_sessions_sweep",
    "schedule": timedelta(minutes=15),
}

# --- Several web and worker nodes (issue 18) ---------------------------------------------
# Uploaded files (knowledge-bank documents, report attachments) go through Django's storage
# API: local disk under MEDIA_ROOT in the quick start and on a single machine, S3-compatible
# object storage shared by every node when AWS_STORAGE_BUCKET_NAME is set. Credentials come
# from the environment as boto3 reads them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a
# role of the platform); the bucket stays private (no ACL is set on any object).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
# A download link handed out after the right was checked works for this many seconds.
MEETREGION_FILE_URL_SECONDS = env.int("MEETREGION_FILE_URL_SECONDS", default=60)
# "redirect": the download view answers with a short-lived signed URL of the bucket;
# "stream": the web node reads the file and sends it (a bucket browsers cannot reach).
MEETREGION_FILE_DOWNLOADS = env(
    "MEETREGION_FILE_DOWNLOADS", default="redirect" if AWS_STORAGE_BUCKET_NAME else "stream"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def s3_storage(
    *, bucket: str, endpoint_url: str = "", region: str = "", addressing_style: str = ""
) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty for AWS itself; e.g. https://minio.example.org for MinIO, Ceph or Garage.
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # "path" for most S3-compatible servers; empty lets boto3 choose.
            "addressing_style": addressing_style or None,
            "signature_version": "s3v4",
            "location": "media",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": MEETREGION_FILE_URL_SECONDS,
            # Two nodes saving one name at once must not overwrite each other's file.
            "file_overwrite": False,
        },
    }


if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = s3_storage(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env("AWS_S3_ENDPOINT_URL", default=""),
        region=env("AWS_S3_REGION_NAME", default=""),
        addressing_style=env("AWS_S3_ADDRESSING_STYLE", default=""),
    )

# One beat may run by mistake beside another (two replicas, a rolling update): each periodic
# task is sent once per period all the same, by whichever beat claims the period first in
# PostgreSQL (core/periodic.py).
CELERY_BEAT_SCHEDULER = "core.periodic:OncePerPeriodScheduler"
# A worker told to stop (SIGTERM) finishes its running tasks; with REMAP_SIGTERM=SIGQUIT in
# its environment (Kubernetes, docker-compose) it waits at most this many seconds and then
# hands the unfinished tasks back to the broker (late acknowledgement) for another worker.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=0)
# Web nodes: /healthz/ready/ answers 503 while this file exists (meetregion/gunicorn.py
# creates it on SIGTERM and keeps serving for MEETREGION_DRAIN_SECONDS before it stops).
MEETREGION_DRAIN_FILE = env("MEETREGION_DRAIN_FILE", default="")

# --- Measuring (issue 15) -------------------------------------------------------------------
# `make bench` sets it: every response says how long Django and the database took
# (Server-Timing; core/timing.py). Off in a real deployment, where it would tell visitors.
if env.bool("MEETREGION_SERVER_TIMING", default=False):
    MIDDLEWARE.insert(0, "core.timing.ServerTimingMiddleware")
