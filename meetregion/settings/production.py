"""Production: every secret from the environment, no defaults for them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# Static files are served by gunicorn itself, compressed and with far-future caching.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
SECRET_KEY = env("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health probes (load balancer, Kubernetes) talk plain HTTP to the node itself; a redirect
# would pass for "healthy" (Kubernetes counts any 3xx a success) without asking the node.
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])  # noqa: F405

# Uploaded files as base.py chose them (local disk, or the bucket of AWS_STORAGE_BUCKET_NAME).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Superusers must use a second factor after their password (issue 16); "staff" for everyone.
MEETREGION_STAFF_2FA_REQUIRED = env("MEETREGION_STAFF_2FA_REQUIRED", default="superusers")
if MEETREGION_STAFF_2FA_REQUIRED not in ("superusers", "staff"):
    raise ImproperlyConfigured("MEETREGION_STAFF_2FA_REQUIRED must be 'superusers' or 'staff'.")
