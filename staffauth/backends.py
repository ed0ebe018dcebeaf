"""How staff sign in: a local password (unless switched off) or the organisation's provider."""

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .provider import provider_enabled, provider_setting
from .services import staff_sign_in

# Clocks of the provider and of this server may differ by this many seconds.
CLOCK_LEEWAY_SECONDS = 60


class StaffPasswordBackend(ModelBackend):
    """Django's username and password, while MEETREGION_STAFF_PASSWORD_LOGIN is on. It also
    answers permission checks for everyone, however they signed in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.MEETREGION_STAFF_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # Switching passwords off also ends the sessions passwords opened.
        if not settings.MEETREGION_STAFF_PASSWORD_LOGIN:
            return None
        return super().get_user(user_id)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow (PKCE, single-use state, nonce, signature), plus what it
    leaves out: the ID token's audience, issuer and lifetime are checked, and a person is found
    by issuer and subject, never by e-mail address. Who they are comes from the claim
    mappings, at every sign-in (staffauth.services.staff_sign_in)."""

    def __init__(self, *args, **kwargs):
        # The library reads the endpoints here; Django builds a backend on every request of a
        # signed-in user, so they are read (from discovery) only when a sign-in needs them.
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr, *args):
        return provider_setting(attr, *args)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_USER_ENDPOINT", ""))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password form posted to a URL that happens
        # to carry ?code=…&state=… must not start a token exchange.
        if not provider_enabled() or "nonce" not in kwargs or "username" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token, key):
        """Verify the ID token's signature and its claims (OIDC Core §3.1.3.7); unsigned
        tokens are never accepted, whatever OIDC_ALLOW_UNSECURED_JWT says."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without our azp")
        return payload

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except (jwt.PyJWTError, KeyError) as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's beneath them (where the provider
        has one and OIDC_USE_USERINFO is on); both must be about the same subject."""
        claims = dict(payload)
        if settings.OIDC_USE_USERINFO and self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about another subject")
            claims = {**userinfo, **payload}
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        outcome = staff_sign_in(claims=claims)
        # The callback view tells a refused person whom to ask (staffauth.views).
        self.request.staffauth_outcome = outcome
        return outcome.user if outcome.allowed else None


def axes_never_lock_out(request, credentials=None) -> bool:
    """django-axes counts failed sign-ins per username and address; through the provider
    there is no username to guess (the provider guards its own passwords), so people the
    provider vouches for but no mapping lets in must not lock out their whole office's
    address."""
    return request is not None and request.path == reverse("staffauth:oidc_callback")
