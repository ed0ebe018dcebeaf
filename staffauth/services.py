"""Staff sign-in: claims to roles, sessions staff can end, the second factor."""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import ROLE_PERMISSIONS

from .models import ClaimMapping, StaffIdentity, StaffSession
from .selectors import claim_mappings_for, claim_values

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


@dataclass(frozen=True)
class ClaimsOutcome:
    """What a sign-in through the provider decided: in or not, and which roles changed."""

    user: object | None
    allowed: bool
    claim_values: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    email: str = ""
    municipalities: tuple[str, ...] = ()


def _managed_roles() -> set[Group]:
    """The groups a provider decides: the staff roles and every group a mapping gives.
    Other groups a superuser gave someone by hand stay as they are."""
    mapped = ClaimMapping.roles.through.objects.values("group_id")
    return set(Group.objects.filter(name__in=ROLE_PERMISSIONS)) | set(
        Group.objects.filter(pk__in=mapped)
    )


@transaction.atomic
def staff_claims_apply(*, user, claims: dict) -> ClaimsOutcome:
    """Give `user` exactly what their claims map to, now: the roles and the municipalities of
    every matching ClaimMapping (those they no longer have are taken away), staff status and
    full rights. Claims that match no mapping leave them without any staff right."""
    values = claim_values(claims=claims)
    mappings = claim_mappings_for(values=values)
    wanted = {group for mapping in mappings for group in mapping.roles.all()}
    current = set(user.groups.all())
    to_remove = (current & _managed_roles()) - wanted
    to_add = wanted - current
    if to_remove:
        user.groups.remove(*to_remove)
    if to_add:
        user.groups.add(*to_add)
    allowed = bool(mappings)
    user.is_staff = allowed
    user.is_superuser = allowed and any(mapping.is_superuser for mapping in mappings)
    user.first_name = str(claims.get("given_name") or user.first_name)[:150]
    user.last_name = str(claims.get("family_name") or user.last_name)[:150]
    user.email = str(claims.get("email") or user.email)[:254]
    user.save(update_fields=["is_staff", "is_superuser", "first_name", "last_name", "email"])
    # Where they work follows the provider as strictly as what they may do: exactly the
    # municipalities of the matching mappings (core.regions reads them on every request).
    places = {m for mapping in mappings for m in mapping.municipalities.all()}
    user.municipalities.set(places)
    user.__dict__.pop("_staff_scope", None)
    outcome = ClaimsOutcome(
        user=user,
        allowed=allowed,
        claim_values=tuple(values),
        roles=tuple(sorted(g.name for g in wanted)),
        added=tuple(sorted(g.name for g in to_add)),
        removed=tuple(sorted(g.name for g in to_remove)),
        email=user.email,
        municipalities=tuple(sorted(m.name for m in places)),
    )
    if outcome.added or outcome.removed or not allowed:
        logger.info(
            "staff claims applied to %s: allowed=%s added=%s removed=%s",
            user.username,
            allowed,
            outcome.added,
            outcome.removed,
        )
    return outcome


def _username_from(claims: dict) -> str:
    User = get_user_model()
    wanted = claims.get("preferred_username") or claims.get("email") or claims["sub"]
    base = re.sub(r"[^\w.@+-]", "", str(wanted))[:140] or "staff"
    candidate, number = base, 2
    while User.objects.filter(username=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@transaction.atomic
def staff_sign_in(*, claims: dict) -> ClaimsOutcome:
    """A person the provider vouches for (claims of a verified ID token): their user, found by
    issuer and subject, made the first time their claims let them in, with what the claims map
    to. Someone no mapping lets in gets no account; one who had an account loses its rights
    and every open session."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    identity = (
        StaffIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    values = claim_values(claims=claims)
    if identity is None:
        if not claim_mappings_for(values=values):
            logger.info("sign-in refused: %s @ %s maps to no role", subject, issuer)
            return ClaimsOutcome(
                user=None,
                allowed=False,
                claim_values=tuple(values),
                email=str(claims.get("email") or ""),
            )
        User = get_user_model()
        user = User(username=_username_from(claims), is_active=True)
        user.set_unusable_password()
        user.save()
        identity = StaffIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    identity.claim_values = values
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["claim_values", "last_sign_in_at"])
    outcome = staff_claims_apply(user=identity.user, claims=claims)
    if not outcome.allowed:
        staff_sessions_end(user=identity.user)
    return outcome


# -- sessions ---------------------------------------------------------------------------------


def staff_session_start(
    *, user, session_key: str, method: str, user_agent: str, address: str | None
) -> StaffSession:
    now = timezone.now()
    session, _created = StaffSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "method": method,
            "user_agent": user_agent[:300],
            "address": address,
            "last_seen_at": now,
            "created_at": now,
        },
    )
    return session


def staff_session_touch(*, session_key: str) -> None:
    StaffSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def staff_session_forget(*, session_key: str | None) -> None:
    if session_key:
        StaffSession.objects.filter(session_key=session_key).delete()


def _session_delete(session_key: str) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=session_key).delete()


def staff_sessions_end(*, user, keep: str | None = None, pk: int | None = None) -> int:
    """End `user`'s sessions (all of them, all but `keep`, or the one `pk`): the session itself
    is deleted, so its browser is signed out at its next request. Returns how many ended."""
    sessions = StaffSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    if pk is not None:
        sessions = sessions.filter(pk=pk)
    ended = 0
    for session in sessions:
        _session_delete(session.session_key)
        session.delete()
        ended += 1
    return ended


# -- the second factor ------------------------------------------------------------------------


def second_factor_required(*, user) -> bool:
    """Whether the policy (MEETREGION_STAFF_2FA_REQUIRED) asks `user` for a second factor."""
    policy = settings.MEETREGION_STAFF_2FA_REQUIRED
    if policy == "staff":
        return user.is_staff or user.is_superuser
    if policy == "superusers":
        return user.is_superuser
    return False


def totp_device_pending(*, user) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed): the same one until confirmed, so a
    reload does not change the code the person already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; the user's older authenticators go.
    Returns fresh recovery codes, or None when the code is wrong."""
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def staff_session_cutoff():
    """Sessions last active before this are over: idle past MEETREGION_STAFF_IDLE_MINUTES
    (a minute's grace: activity is written once a minute), or past the session cookie's age."""
    idle = settings.MEETREGION_STAFF_IDLE_MINUTES
    age = timedelta(minutes=idle + 1) if idle else timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return timezone.now() - age


def staff_sessions_sweep() -> int:
    """End the sessions that are over but were never signed out, with their rows (the
    browser and address they hold are kept no longer than the session). Safe twice."""
    ended = 0
    for session in StaffSession.objects.filter(last_seen_at__lt=staff_session_cutoff()):
        _session_delete(session.session_key)
        session.delete()
        ended += 1
    return ended
