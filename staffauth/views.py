"""Thin views: the provider's redirect flow (mozilla-django-oidc's views, with our pages for
what goes wrong), the admin's logout, the sessions page and the second factor."""

import logging

import django_otp
import jwt
import requests
from django.conf import settings
from django.contrib import admin, auth, messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core.models import SiteSettings

from . import selectors, services
from .forms import SessionEndForm, TokenForm
from .models import StaffSession
from .provider import ProviderUnavailable, provider_enabled, provider_logout_url, provider_setting
from .session import METHOD, PENDING_SECOND_FACTOR

logger = logging.getLogger(__name__)


def _page(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), **context}, status=status
    )


def _provider_page(request, *, reason: str, status: int, email: str = "") -> TemplateResponse:
    """What a person sees when the provider's sign-in did not let them in: refused (a token
    that failed a check), not allowed (no role for them) or unavailable (provider down)."""
    titles = {
        "refused": _("Sign-in did not succeed"),
        "not_allowed": _("You have no access to meetregion yet"),
        "unavailable": _("Sign-in is not available right now"),
    }
    return _page(
        request,
        "staffauth/provider_refused.html",
        {
            "title": titles[reason],
            "reason": reason,
            "email": email,
            "provider_name": settings.OIDC_PROVIDER_NAME,
            "site_settings": SiteSettings.load(),
        },
        status=status,
    )


class ProviderSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, **kwargs):
        # The library reads the endpoint here; it is read in get(), where failure has a page.
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not provider_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            logger.warning("provider discovery failed: %s", error)
            return _provider_page(request, reason="unavailable", status=503)
        return super().get(request)


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: the library checks state (once only), exchanges the code with
    the PKCE verifier and verifies the ID token (staffauth.backends); we draw the pages."""

    get_settings = staticmethod(provider_setting)

    def get(self, request):
        if not provider_enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError, requests.HTTPError) as error:
            # HTTPError: the token endpoint refused the code (a wrong PKCE verifier, say).
            logger.warning("provider sign-in refused: %s", error)
            return _provider_page(request, reason="refused", status=400)
        except (requests.RequestException, ProviderUnavailable) as error:
            logger.warning("provider sign-in failed: %s", error)
            return _provider_page(request, reason="unavailable", status=502)

    def login_failure(self):
        outcome = getattr(self.request, "staffauth_outcome", None)
        user = getattr(self, "user", None)
        if (outcome is not None and not outcome.allowed) or (user and not user.is_active):
            email = outcome.email if outcome else user.email
            return _provider_page(self.request, reason="not_allowed", status=403, email=email)
        return _provider_page(self.request, reason="refused", status=400)


@require_POST
def admin_logout(request):
    """The admin's logout; after a sign-in through the provider it goes on to the provider's
    own logout (RP-initiated logout), so the organisation's session ends too."""
    if request.session.get(METHOD) == StaffSession.Method.PROVIDER and provider_enabled():
        url = provider_logout_url(request)
        auth.logout(request)
        return HttpResponseRedirect(url)
    return admin.site.logout(request)


@require_http_methods(["GET", "POST"])
def sessions(request):
    current = request.session.session_key
    if request.method == "POST":
        form = SessionEndForm(request.POST)
        if form.is_valid():
            ended = services.staff_sessions_end(
                user=request.user, keep=current, pk=form.cleaned_data["session"]
            )
            messages.success(
                request,
                ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
                % {"count": ended},
            )
        return redirect("staffauth:sessions")
    return _page(
        request,
        "staffauth/sessions.html",
        {
            "title": _("Your sessions"),
            "sessions": selectors.staff_sessions_of(
                user=request.user, active_since=services.staff_session_cutoff()
            ),
            "current": current,
            "idle_minutes": settings.MEETREGION_STAFF_IDLE_MINUTES,
        },
    )


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def _second_factor_done(request, device) -> None:
    django_otp.login(request, device)
    request.session.pop(PENDING_SECOND_FACTOR, None)


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """The second factor's own page: set it up, renew the recovery codes, or remove it."""
    user = request.user
    device = selectors.totp_device_confirmed(user=user)
    if request.method == "POST" and device is not None:
        if "renew" in request.POST:
            codes = services.recovery_codes_renew(user=user)
            return _page(
                request,
                "staffauth/recovery_codes.html",
                {"title": _("Your new recovery codes"), "codes": codes, "next": _next_url(request)},
            )
        if "remove" in request.POST and not services.second_factor_required(user=user):
            services.second_factor_remove(user=user)
            messages.success(request, _("Two-factor authentication is off."))
        return redirect("staffauth:two_factor")
    return _page(
        request,
        "staffauth/two_factor.html",
        {
            "title": _("Two-factor authentication"),
            "device": device,
            "codes_left": selectors.recovery_codes_left(user=user),
            "required": services.second_factor_required(user=user),
            "from_provider": request.session.get(METHOD) == StaffSession.Method.PROVIDER,
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    # An authenticator is replaced only after a code from it; provider sign-ins need none.
    if request.session.get(PENDING_SECOND_FACTOR) == "verify":
        return redirect("staffauth:two_factor_verify")
    if request.session.get(METHOD) == StaffSession.Method.PROVIDER:
        return redirect("staffauth:two_factor")
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            _second_factor_done(request, device)
            return _page(
                request,
                "staffauth/recovery_codes.html",
                {
                    "title": _("Two-factor authentication is on"),
                    "codes": codes,
                    "next": _next_url(request),
                },
            )
        form.add_error("token", _("That code is not right. Enter the code the app shows now."))
    return _page(
        request,
        "staffauth/two_factor_setup.html",
        {
            "title": _("Set up two-factor authentication"),
            "form": form,
            "qr_code": selectors.totp_qr_code(device=device),
            "key": selectors.totp_key_text(device=device),
            "next": _next_url(request),
            "required": bool(request.session.get(PENDING_SECOND_FACTOR)),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _second_factor_done(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "token", _("That code is not right, or it was used already. Try the next code.")
        )
    return _page(
        request,
        "staffauth/two_factor_verify.html",
        {"title": _("Enter your code"), "form": form, "next": _next_url(request)},
    )
