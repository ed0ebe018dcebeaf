"""Reads the sign-in services, views and admin share."""

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ClaimMapping, StaffSession


def claim_values(*, claims: dict) -> list[str]:
    """The values of the claims named in OIDC_ROLE_CLAIMS (a string or a list of strings)."""
    values: set[str] = set()
    for name in settings.OIDC_ROLE_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str | int):
            value = [value]
        if isinstance(value, list):
            values.update(str(item).strip() for item in value if isinstance(item, str | int))
    values.discard("")
    return sorted(values)


def claim_mappings_for(*, values: list[str]) -> list[ClaimMapping]:
    if not values:
        return []
    return list(
        ClaimMapping.objects.filter(claim_value__in=values).prefetch_related(
            "roles", "municipalities"
        )
    )


def staff_sessions_of(*, user, active_since) -> list[StaffSession]:
    sessions = StaffSession.objects.filter(user=user, last_seen_at__gte=active_since)
    return list(sessions.order_by("-last_seen_at", "-pk"))


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(*, user) -> int:
    device = StaticDevice.objects.filter(user=user, name="recovery").first()
    return device.token_set.count() if device else 0


def totp_qr_code(*, device: TOTPDevice) -> str:
    """The authenticator's set-up link as a QR code: an SVG data URI (allowed by the CSP)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def totp_key_text(*, device: TOTPDevice) -> str:
    """The secret for typing into an app by hand: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
