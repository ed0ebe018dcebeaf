"""Every write to the resource bank that touches several rows or has a side effect."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.ratelimit import mailbox_allows
from core.tokens import absolute_url
from notifications.models import Email
from notifications.services import email_queue

from .consent import CONSENT_VERSION, consent_text
from .models import Member, MemberLink

MEMBER_FIELDS = (
    "name",
    "role",
    "company_name",
    "organisation_number",
    "phone",
    "municipality",
    "scope",
    "idea",
)


def member_link_create(*, member: Member, purpose: str, lifetime: timedelta) -> str:
    """Issue a private link; return the raw token, of which only a hash is kept."""
    token, _link = MemberLink.issue(member=member, purpose=purpose, lifetime=lifetime)
    return token


def _confirm_lifetime() -> timedelta:
    return timedelta(days=settings.MEETREGION_MEMBER_CONFIRM_DAYS)


def _sign_in_lifetime() -> timedelta:
    return timedelta(minutes=settings.MEETREGION_MEMBER_SIGN_IN_MINUTES)


def _queue_confirmation(member: Member) -> None:
    token = member_link_create(
        member=member, purpose=MemberLink.Purpose.CONFIRM, lifetime=_confirm_lifetime()
    )
    email_queue(
        to=member.email,
        template="member_confirm",
        context={
            "member": member,
            "confirm_url": absolute_url(reverse("resourcebank:confirm", kwargs={"token": token})),
            "days": settings.MEETREGION_MEMBER_CONFIRM_DAYS,
        },
        language=member.language,
        related=member,
        redact_after_send=True,
    )


def _queue_sign_in(member: Member, language: str, template: str = "member_sign_in") -> None:
    token = member_link_create(
        member=member, purpose=MemberLink.Purpose.SIGN_IN, lifetime=_sign_in_lifetime()
    )
    email_queue(
        to=member.email,
        template=template,
        context={
            "member": member,
            "sign_in_url": absolute_url(
                reverse("resourcebank:sign_in_link", kwargs={"token": token})
            ),
            "minutes": settings.MEETREGION_MEMBER_SIGN_IN_MINUTES,
        },
        language=language,
        related=member,
        redact_after_send=True,
    )


def _mail_allowed(address: str) -> bool:
    return mailbox_allows(
        scope="resource-bank",
        address=address,
        seconds=settings.MEETREGION_MEMBER_SIGN_IN_INTERVAL_SECONDS,
    )


def _member_create_pending(
    *, data: dict, sectors, focus_areas, language: str, consent_at: datetime | None
) -> Member:
    member = Member.objects.create(
        status=Member.Status.PENDING,
        email=data["email"].strip(),
        language=language,
        consent_at=consent_at,
        consent_version=CONSENT_VERSION if consent_at else "",
        consent_text=consent_text(language=language) if consent_at else "",
        registered_at=timezone.now(),
        **{field: data.get(field) or _blank(field) for field in MEMBER_FIELDS},
    )
    member.sectors.set(sectors)
    member.focus_areas.set(focus_areas)
    _queue_confirmation(member)
    return member


def _blank(field: str):
    return None if field in {"municipality", "idea"} else ""


def member_join(*, data: dict, sectors, focus_areas, language: str) -> Member | None:
    """Register a business representative and send the confirmation link (double opt-in).

    The caller shows the same answer in every case, so the form does not reveal who is a
    member. An address that already has an active membership gets a sign-in link instead;
    an earlier unconfirmed registration from the same address is replaced.
    """
    address = data["email"].strip()
    try:
        with transaction.atomic():
            live = list(
                Member.objects.select_for_update()
                .filter(email__iexact=address)
                .exclude(status=Member.Status.WITHDRAWN)
            )
            active = [m for m in live if m.status == Member.Status.ACTIVE]
            if active:
                if _mail_allowed(address):
                    _queue_sign_in(active[0], language, template="member_already")
                return None
            for pending in live:
                pending.delete()
            return _member_create_pending(
                data=data,
                sectors=sectors,
                focus_areas=focus_areas,
                language=language,
                consent_at=timezone.now(),
            )
    except IntegrityError:
        # Two registrations from one address raced; the other one holds the address.
        return None


def _link_consume(*, token: str, purpose: str) -> MemberLink | None:
    """Use a link once; a second use, even a racing one, gets None (core.links)."""
    return MemberLink.consume(token, purpose=purpose, related=("member",))


def member_link_peek(*, token: str, purpose: str) -> MemberLink | None:
    """Whether a link would work now, without using it (for the page with the button)."""
    return (
        MemberLink.objects.usable()
        .for_token(token, purpose=purpose)
        .select_related("member")
        .first()
    )


def member_confirm(*, token: str) -> Member | None:
    """Open the membership: the second half of the double opt-in. None for a bad link."""
    with transaction.atomic():
        link = _link_consume(token=token, purpose=MemberLink.Purpose.CONFIRM)
        if link is None:
            return None
        member = Member.objects.select_for_update().get(pk=link.member_id)
        if member.status != Member.Status.PENDING:
            return None
        now = timezone.now()
        member.status = Member.Status.ACTIVE
        member.confirmed_at = now
        if member.consent_at is None:
            # An imported member consents here, by confirming.
            member.consent_at = now
            member.consent_version = CONSENT_VERSION
            member.consent_text = consent_text(language=member.language)
        member.certificate_code = secrets.token_urlsafe(12)
        member.save(
            update_fields=[
                "status",
                "confirmed_at",
                "consent_at",
                "consent_version",
                "consent_text",
                "certificate_code",
                "updated_at",
            ]
        )
        email_queue(
            to=member.email,
            template="member_welcome",
            context={
                "member": member,
                "profile_url": absolute_url(member.get_absolute_url()),
                "certificate_url": absolute_url(
                    reverse("resourcebank:certificate", kwargs={"public_id": member.public_id})
                ),
                "verify_url": absolute_url(member.verify_path()),
                "sign_in_url": absolute_url(reverse("resourcebank:sign_in")),
            },
            language=member.language,
            related=member,
        )
    return member


def member_sign_in_request(*, email: str, language: str) -> None:
    """Send a sign-in link to an active member's address.

    The caller shows the same answer whether or not the address is known; the rate limit
    keeps the form from being used to flood a mailbox.
    """
    address = email.strip()
    if not _mail_allowed(address):
        return
    with transaction.atomic():
        member = Member.objects.active().filter(email__iexact=address).first()
        if member is None:
            return
        _queue_sign_in(member, language)


def member_sign_in(*, token: str) -> Member | None:
    """Use a sign-in link (once). None when it is unknown, used, expired or the member left."""
    with transaction.atomic():
        link = _link_consume(token=token, purpose=MemberLink.Purpose.SIGN_IN)
        if link is None or link.member.status != Member.Status.ACTIVE:
            return None
        return link.member


@transaction.atomic
def member_update(*, member: Member, data: dict, sectors, focus_areas) -> Member:
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.status != Member.Status.ACTIVE:
        return locked
    for field in MEMBER_FIELDS:
        setattr(locked, field, data.get(field) or _blank(field))
    locked.save()
    locked.sectors.set(sectors)
    locked.focus_areas.set(focus_areas)
    return locked


ERASED_FIELDS = ("name", "role", "company_name", "organisation_number", "email", "phone")


def member_withdraw(*, member: Member) -> Member:
    """Leave the resource bank: off every public page at once, personal data erased.

    What stays is anonymous: sectors, focus areas, municipality, scope and dates, for
    statistics, and the certificate code, so the certificate verifies as no longer valid.
    """
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.status == Member.Status.WITHDRAWN:
            return locked
        for field in ERASED_FIELDS:
            setattr(locked, field, "")
        locked.idea = None
        locked.status = Member.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save()
        locked.links.all().delete()
        _emails_redact(locked)
    return locked


def _emails_redact(member: Member) -> None:
    """The outbox kept copies of what we wrote to the member; they go too.

    A message a worker is sending right now is left alone and redacted by the next
    withdrawal-safe pass (its body is redacted after sending anyway for private links).
    """
    rows = Email.objects.for_object(member).exclude(status=Email.Status.SENDING)
    rows.filter(status=Email.Status.PENDING).update(
        status=Email.Status.FAILED, last_error="The member withdrew before it was sent."
    )
    rows.update(to="", subject="", body_text="", body_html="")


def members_unconfirmed_delete(*, now: datetime | None = None) -> int:
    """Delete registrations never confirmed within the configured number of days."""
    cutoff = (now or timezone.now()) - _confirm_lifetime()
    with transaction.atomic():
        # Locked, so a confirmation arriving at this moment either wins or waits and fails.
        stale = list(Member.objects.pending().filter(registered_at__lt=cutoff).select_for_update())
        for member in stale:
            _emails_redact(member)
        Member.objects.filter(pk__in=[m.pk for m in stale]).delete()
    return len(stale)


def members_import(*, rows: list[dict], language: str) -> list[Member]:
    """Create imported members as unconfirmed; each gets the confirmation link, so nobody is
    listed publicly without having said yes themselves."""
    created = []
    with transaction.atomic():
        for row in rows:
            created.append(
                _member_create_pending(
                    data=row,
                    sectors=row.get("sectors", []),
                    focus_areas=row.get("focus_areas", []),
                    language=language,
                    consent_at=None,
                )
            )
    return created
