"""A per-address limit on public form posts, counted in the shared (Redis) cache."""

import hashlib
import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger("meetregion.ratelimit")


def client_address(request) -> str:
    """The address the limit is counted against.

    Behind a reverse proxy set MEETREGION_PROXY_COUNT to the number of proxies in front of
    gunicorn; the address is then taken from X-Forwarded-For, counted from the right, so a
    client cannot choose it by sending the header itself.
    """
    proxies = settings.MEETREGION_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_hit(*, scope: str, address: str) -> int | None:
    """Count one post; return the seconds left in the window when over the limit, else None.

    A fixed window per scope and address. The cache being away never blocks a submitter:
    the limit fails open and the error is logged.
    """
    limit = settings.MEETREGION_RATE_LIMIT_POSTS
    window = settings.MEETREGION_RATE_LIMIT_WINDOW_SECONDS
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{address}:{bucket}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except Exception:  # a cache outage must not turn into a 5xx for a submitter
        logger.warning("rate limit not counted: the cache is unavailable", exc_info=True)
        return None
    if count > limit:
        return max(1, int((bucket + 1) * window - time.time()))
    return None


def too_many_requests(request, retry_after: int):
    response = render(
        request, "429.html", {"retry_minutes": math.ceil(retry_after / 60)}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str):
    """Decorate a view: the Nth+1 POST from one address in a window gets the 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                retry_after = rate_limit_hit(scope=scope, address=client_address(request))
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def mailbox_allows(*, scope: str, address: str, seconds: int) -> bool:
    """At most one unasked-for e-mail per mailbox and scope per interval, so no public form
    can be used to flood someone's inbox. The address is hashed before it reaches the cache."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()
    return cache.add(f"mailbox:{scope}:{digest}", 1, timeout=seconds)
