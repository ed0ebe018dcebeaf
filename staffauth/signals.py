"""Every staff sign-in opens a StaffSession row and decides whether a second factor is due."""

import ipaddress

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django_otp import user_has_device

from core.ratelimit import client_address

from . import services
from .models import StaffSession
from .session import METHOD, PENDING_SECOND_FACTOR, SEEN, now_seconds

PROVIDER_BACKEND = "staffauth.backends.StaffOIDCBackend"


def on_logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    from_provider = session.get(BACKEND_SESSION_KEY) == PROVIDER_BACKEND
    method = StaffSession.Method.PROVIDER if from_provider else StaffSession.Method.PASSWORD
    session[METHOD] = method
    session[SEEN] = now_seconds()
    # The provider asks for its own second factor; a password needs ours where one is set up
    # or the policy requires one.
    if not from_provider:
        if user_has_device(user, confirmed=True):
            session[PENDING_SECOND_FACTOR] = "verify"
        elif services.second_factor_required(user=user):
            session[PENDING_SECOND_FACTOR] = "setup"
    if session.session_key is None:
        session.save()
    services.staff_session_start(
        user=user,
        session_key=session.session_key,
        method=method,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        address=_address(request),
    )


def _address(request) -> str | None:
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def on_logged_out(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        services.staff_session_forget(session_key=session.session_key)


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="staffauth.on_logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="staffauth.on_logged_out")
