"""Reads of the resource bank shared by views and admin."""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.models import FocusArea
from core.tokens import absolute_url
from ideas.models import Idea

from .filters import MemberFilter
from .models import Member, Sector

SESSION_KEY = "resourcebank_member"


def members_public() -> QuerySet[Member]:
    """Active members with everything a listing shows, in a bounded number of queries."""
    return (
        Member.objects.active()
        .select_related("municipality", "idea")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("order", "name")),
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")),
        )
        .order_by("company_name", "name", "pk")
    )


def members_directory(*, params) -> MemberFilter:
    return MemberFilter(params, queryset=members_public())


def member_public_get(*, public_id) -> Member | None:
    return members_public().filter(public_id=public_id).first()


def member_by_certificate_code(*, code: str) -> Member | None:
    members = Member.objects.filter(certificate_code=code)
    return members.exclude(status=Member.Status.PENDING).first()


def member_from_session(*, session) -> Member | None:
    """The member signed in in this browser session, if the session is recent and they are
    still active."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["at"])
    except (KeyError, TypeError, ValueError):
        return None
    age = timezone.now() - started
    if age.total_seconds() > settings.MEETREGION_MEMBER_SESSION_MINUTES * 60:
        return None
    return members_public().filter(pk=data.get("id")).first()


def member_data(*, member: Member) -> dict:
    """Everything we hold about a member, for the member's own download."""
    return {
        "name": member.name,
        "role": member.role,
        "company": member.company_name,
        "organisation_number": member.organisation_number,
        "email": member.email,
        "phone": member.phone,
        "municipality": member.municipality.name,
        "sectors": [s.name for s in member.sectors.all()],
        "focus_areas": [f.name for f in member.focus_areas.all()],
        "scope": member.scope,
        "idea_reference": member.idea.reference if member.idea_id else None,
        "language": member.language,
        "status": member.status,
        "certificate_code": member.certificate_code,
        "consented_to_public_listing_at": _iso(member.consent_at),
        "registered_at": _iso(member.registered_at),
        "confirmed_at": _iso(member.confirmed_at),
        "public_profile": absolute_url(member.get_absolute_url()),
    }


def _iso(value):
    return value.isoformat() if value else None


def member_ideas(*, member: Member) -> list[Idea]:
    """The member's own idea, and any other idea submitted from the member's address."""
    ideas = {member.idea.pk: member.idea} if member.idea_id else {}
    if member.email:
        for idea in Idea.objects.filter(email__iexact=member.email):
            ideas.setdefault(idea.pk, idea)
    return sorted(ideas.values(), key=lambda idea: idea.submitted_at, reverse=True)


def member_working_groups(*, member: Member) -> list:
    """The working groups a member takes part in, newest first.

    Read through the participations that the working groups app attaches to members (a
    reverse relation), so the resource bank needs no import of the app that stands on it."""
    participations = member.participations.select_related("group").order_by(
        "-group__created_at", "-group__pk"
    )
    return list({p.group_id: p.group for p in participations}.values())
