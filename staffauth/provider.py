"""The organisation's OpenID Connect provider: whether one is configured, and its endpoints,
read from its discovery document (OIDC_ISSUER + /.well-known/openid-configuration)."""

from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

DISCOVERY_SECONDS = 3600
_MISSING = object()

# mozilla-django-oidc's setting names → the discovery document's keys.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def provider_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider_configuration() -> dict:
    """The discovery document, cached; its issuer must be the configured one (OIDC Discovery
    §4.3), or tokens from another issuer could pass."""
    issuer = settings.OIDC_ISSUER
    if not issuer:
        raise ImproperlyConfigured("OIDC_ISSUER is not set.")
    key = f"staffauth:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ProviderUnavailable(
                f"the discovery document names issuer {document.get('issuer')!r}, not {issuer!r}"
            )
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def provider_setting(name: str, *default):
    """A mozilla-django-oidc setting; the provider's endpoints come from discovery unless the
    settings name them."""
    value = getattr(settings, name, _MISSING)
    if name in ENDPOINTS and not (value and value is not _MISSING):
        found = provider_configuration().get(ENDPOINTS[name])
        if found:
            return found
    elif value is not _MISSING:
        return value
    if default:
        return default[0]
    raise ImproperlyConfigured(f"Setting {name} not found")


def provider_logout_url(request) -> str:
    """Where the admin's logout sends someone signed in through the provider: its
    end_session_endpoint (RP-initiated logout), which returns them to the sign-in page."""
    back = request.build_absolute_uri(settings.LOGIN_REDIRECT_URL_FAILURE)
    try:
        endpoint = provider_configuration().get("end_session_endpoint")
    except ProviderUnavailable:
        endpoint = None
    if not endpoint:
        return back
    params = {"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
