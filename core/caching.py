"""Anonymous public pages, cached per language in the shared cache (Redis in production).

A page is cached under its path, query string, language and the current *content
generation*: a number in the shared cache (the same on every web node) bumped whenever a
model the public pages show is saved or deleted (signals below), or when a service that
changes one with a queryset `.update()` calls content_changed. A bump makes every cached page
a miss at once, on every node, so a change is visible on the next request; a change that
forgets to say so is still seen within `MEETREGION_PAGE_CACHE_SECONDS`, all a page lives.
Under load a few seconds is still thousands of hits per miss.

Only plain anonymous GETs are cached: no session or messages cookie, no CSRF token or CSP
nonce used while rendering, status 200, no cookie set. Everything else passes through.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .languages import request_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

# The public pages worth caching (what everybody reads, the same for every visitor) and the
# models whose rows appear on them. Core knows none of them: each app registers its own pages
# and content from its AppConfig.ready() with `public_pages_register()`.
CACHED_VIEWS: set[str] = set()


def public_pages_register(*, views: Iterable[str] = (), models: Iterable[type[Model]] = ()) -> None:
    """Cache the pages named `views` ("app:name") for anonymous visitors, and drop every
    cached page when a row of one of `models` is saved or deleted (or its many-to-many
    relations change)."""
    CACHED_VIEWS.update(views)
    for model in models:
        content_signals_connect(model)


def page_cache_seconds() -> int:
    return getattr(settings, "MEETREGION_PAGE_CACHE_SECONDS", 5)


def content_generation() -> int:
    try:
        return cache.get_or_set(GENERATION_KEY, 1, timeout=None) or 1
    except Exception:  # a cache that is down means no caching, never an error page
        logger.warning("page cache unavailable", exc_info=True)
        return 0


def content_changed(**_kwargs) -> None:
    """Invalidate every cached public page and kept result (one INCR in the shared cache, so
    on every node): now, and again when the transaction commits, so that nothing read from
    the rows as they were before the commit outlives it under the new generation."""
    content_generation_bump()
    if connection.in_atomic_block:
        connection.content_changed_uncommitted = True
        # Once per transaction, however many rows it changes.
        if not any(func is content_generation_bump for _s, func, *_r in connection.run_on_commit):
            transaction.on_commit(content_generation_bump)


def content_generation_bump() -> None:
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:
        logger.warning("page cache unavailable; pages expire on their own", exc_info=True)


def kept_result[T](name: str, key: str, compute: Callable[[], T]) -> T:
    """What `compute()` returns, kept in the shared cache under `name`, `key` and the content
    generation, for MEETREGION_KEPT_RESULT_SECONDS: for results drawn from many rows that the
    same page asks for again and again (the screening page's similar work and member
    suggestions).

    Exact: every save or delete of a registered content model, and every service that changes
    one with `.update()`, bumps the generation (content_changed), so a kept result is never
    served after one of its inputs changed. A result computed inside a transaction that has
    changed content itself is not kept (it may roll back); the expiry only bounds the memory.
    """
    seconds = settings.MEETREGION_KEPT_RESULT_SECONDS
    if not connection.in_atomic_block:
        connection.content_changed_uncommitted = False
    if seconds <= 0 or getattr(connection, "content_changed_uncommitted", False):
        return compute()
    generation = content_generation()
    if not generation:
        return compute()
    full = f"kept:{name}:{generation}:{key}"
    try:
        stored = cache.get(full)
    except Exception:
        stored = None
    if stored is not None:
        return stored
    value = compute()
    try:
        cache.set(full, value, seconds)
    except Exception:
        logger.warning("cache unavailable; %s computed on every request", name, exc_info=True)
    return value


def content_signals_connect(model: type[Model]) -> None:
    uid = f"pagecache:{model._meta.label}"
    post_save.connect(content_changed, sender=model, dispatch_uid=uid + ":save")
    post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ":delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            content_changed,
            sender=field.remote_field.through,
            dispatch_uid=f"{uid}:{field.name}",
        )


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    cookies = request.COOKIES
    # A session may carry a signed-in member, a staff user or flash messages.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request, generation: int, language: str | None = None) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{generation}:{language or get_language()}:{digest}"


class PublicPageCacheLookupMiddleware:
    """Answer a cache hit before sessions, locale, CSRF, auth, messages and axes run.

    Put it right after the security and CSP middleware, so a hit still carries their
    headers. The page itself is stored by PublicPageCacheMiddleware at the end of the stack,
    under the same key: the language comes from the same `?lang=`, cookie and Accept-Language
    rules core.languages.QueryLocaleMiddleware applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._hit(request) or self.get_response(request)

    @staticmethod
    def _hit(request):
        if page_cache_seconds() <= 0 or request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name not in CACHED_VIEWS:
            return None
        language = request_language(request)
        try:
            generation = content_generation()
            stored = cache.get(_key(request, generation, language)) if generation else None
        except Exception:
            return None
        if stored is None:
            return None
        content_type, content = stored
        response = HttpResponse(content, content_type=content_type)
        # What LocaleMiddleware and XFrameOptionsMiddleware would have added.
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
        response["X-Page-Cache"] = "hit"
        return response


class PublicPageCacheMiddleware:
    """Serve and store anonymous public pages; put it last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if page_cache_seconds() <= 0 or not _cacheable_request(request):
            return None
        generation = content_generation()
        if not generation:
            return None
        key = _key(request, generation)
        try:
            stored = cache.get(key)
        except Exception:
            return None
        if stored is not None:
            content_type, content = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if self._storable(request, response):
            try:
                cache.set(key, (response["Content-Type"], response.content), page_cache_seconds())
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        # A per-request CSP nonce baked into the HTML must not be served to someone else.
        return not bool(getattr(request, "_csp_nonce", None))
