import time
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.colours import theme_stylesheet, validate_primary_colour
from core.images import PUBLIC_PREFIXES
from core.languages import QUERY_PARAMETER as LANG
from core.models import Municipality, SiteSettings
from core.readiness import database_answers, readiness_check
from core.tasks import HEARTBEAT_KEY


class BusinessPilotView(TemplateView):
    """Where permit and authority questions go: the business pilot of each municipality named
    in `?m=<address name>` (one or several), or the region's when none is named."""

    template_name = "core/business_pilot.html"

    def get_context_data(self, **kwargs):
        slugs = self.request.GET.getlist("m")[:20]
        pilots = list(Municipality.objects.active().filter(slug__in=slugs)) if slugs else []
        return super().get_context_data(pilots=pilots or [SiteSettings.load()], **kwargs)


def _without_language_query(url: str) -> str:
    """A `?lang=` in the page left would outvote the cookie just chosen."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != LANG]
    return urlunsplit(parts._replace(query=urlencode(query)))


@require_GET
def language_switch(request):
    """Set the interface language from a plain GET form.

    Django's own view needs a POST with a CSRF check, and private pages are sent with
    `Referrer-Policy: no-referrer`, under which browsers post `Origin: null` and fail that
    check. Choosing a language changes nothing but a cookie, so GET is safe here.
    """
    code = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(_without_language_query(next_url))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


def _worker_seen() -> tuple[bool | None, float | None]:
    """(alive, seconds since the last heartbeat); None when the cache cannot say."""
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:  # a cache that is down is reported as such, never raised
        return None, None
    if beat is None:
        return False, None
    age = max(time.time() - float(beat), 0.0)
    return age <= settings.MEETREGION_WORKER_HEARTBEAT_MAX_AGE, round(age, 1)


def _redis_ok() -> bool | None:
    if not settings.REDIS_URL:
        return None  # the quick start runs without Redis
    try:
        cache.get("core:health-probe")
    except Exception:
        return False
    return True


@never_cache
def health(request):
    """For load balancers and monitoring: 503 only when the database is down.

    Redis and the worker are reported, not required: a broker that is down delays e-mail
    (the outbox keeps it), it does not stop the portal.
    """
    database = database_answers()
    redis_ok = _redis_ok()
    worker, age = _worker_seen() if redis_ok is not False else (None, None)
    body = {
        "status": "ok" if database else "unavailable",
        "database": database,
        "redis": redis_ok,
        "worker": worker,
        "worker_heartbeat_age_seconds": age,
    }
    return JsonResponse(body, status=200 if database else 503)


@never_cache
def ready(request):
    """Readiness for load balancers and Kubernetes: 200 only while this node should get
    traffic; 503 while it is starting (no database yet, or migrations still to run) or
    stopping (SIGTERM received, draining). Liveness is /healthz/ping/."""
    check = readiness_check()
    body = {
        "ready": check.ready,
        "state": check.state,
        "database": check.database,
        "pending_migrations": check.pending_migrations,
    }
    return JsonResponse(body, status=200 if check.ready else 503)


def ping(request):
    """A few bytes and no I/O: the server's own ceiling for the benchmark."""
    return HttpResponse(b"ok", content_type="text/plain")


YEAR_SECONDS = 365 * 24 * 3600


@require_GET
def theme_css(request, colour: str):
    """The custom properties of one primary colour. The colour is the whole input and is in
    the address, so the answer never changes: cached for a year by browsers and proxies."""
    value = f"#{colour.lower()}"
    try:
        validate_primary_colour(value)
    except ValidationError as error:
        raise Http404 from error
    response = HttpResponse(theme_stylesheet(value), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={YEAR_SECONDS}, immutable"
    return response


_IMAGE_TYPES = {"webp": "image/webp", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@require_GET
def public_image(request, name: str):
    """A public picture (core.images) from the storage, disk or bucket alike. Every stored
    name is new (a random part), so the answer may be cached for a year."""
    path = PurePosixPath(name)
    extension = path.suffix.lower().lstrip(".")
    if ".." in path.parts or not name.startswith(PUBLIC_PREFIXES) or extension not in _IMAGE_TYPES:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=_IMAGE_TYPES[extension])
    response["Cache-Control"] = f"public, max-age={YEAR_SECONDS}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
