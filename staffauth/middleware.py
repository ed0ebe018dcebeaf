"""Staff sessions end after MEETREGION_STAFF_IDLE_MINUTES without a request, and a password
sign-in that owes its second factor reaches nothing but the pages that settle it."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext

from .services import staff_session_touch
from .session import PENDING_SECOND_FACTOR, SEEN, now_seconds

# The session row's "last active" is written at most this often (one UPDATE a minute).
TOUCH_SECONDS = 60


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # Only signed-in sessions: anonymous visitors and resource-bank members pass untouched.
        if session is None or auth.SESSION_KEY not in session:
            return self.get_response(request)
        now = now_seconds()
        seen = session.get(SEEN, now)
        idle = settings.MEETREGION_STAFF_IDLE_MINUTES * 60
        if idle and now - seen > idle:
            return self._idle_logout(request)
        if now - seen >= TOUCH_SECONDS or SEEN not in session:
            session[SEEN] = now
            staff_session_touch(session_key=session.session_key)
        pending = session.get(PENDING_SECOND_FACTOR)
        if pending:
            response = self._second_factor(request, pending)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle_logout(self, request):
        auth.logout(request)
        minutes = settings.MEETREGION_STAFF_IDLE_MINUTES
        messages.info(
            request,
            ngettext(
                "You were signed out after %(minutes)d minute without activity.",
                "You were signed out after %(minutes)d minutes without activity.",
                minutes,
            )
            % {"minutes": minutes},
        )
        if request.path.startswith(reverse("admin:index")):
            return _to(reverse("admin:login"), request)
        return self.get_response(request)

    def _second_factor(self, request, pending):
        # Only the page that settles what is owed: someone who has an authenticator cannot
        # set up another (and so replace it) before entering a code from the first.
        settle = reverse(
            "staffauth:two_factor_setup" if pending == "setup" else "staffauth:two_factor_verify"
        )
        static = "/" + settings.STATIC_URL.lstrip("/")
        if request.path in (settle, reverse("admin:logout")) or request.path.startswith(static):
            return None
        staff_pages = (
            reverse("admin:index"),
            reverse("staffauth:sessions"),
            reverse("staffauth:two_factor"),
        )
        if request.path.startswith(staff_pages):
            return _to(settle, request)
        # Everywhere else a half-finished sign-in counts as no sign-in at all.
        request.user = AnonymousUser()
        return None


def _to(url: str, request) -> HttpResponseRedirect:
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)
