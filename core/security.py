"""Protection for the public forms: a honeypot field and a per-address rate limit."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect

from .ratelimit import rate_limit

# The field's name looks worth filling to a bot; people never see it (templates include
# core/_honeypot.html, hidden with display:none, so screen readers skip it too).
HONEYPOT_FIELD = "website"


def honeypot_filled(request) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def public_form(*, scope: str, decoy: Callable, message: str = ""):
    """Guard a public form view: rate-limit its posts and drop posts that fill the honeypot.

    A bot that fills the honeypot gets what a person would see after success (`decoy`
    returns the URL, `message` the flash), so it learns nothing; nothing is stored or sent.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and honeypot_filled(request):
                if message:
                    messages.success(request, message)
                return redirect(decoy(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        return rate_limit(scope)(wrapped)

    return decorator
