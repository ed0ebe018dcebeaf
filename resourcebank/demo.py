"""Demo members for the quick start (called from the demo app's seed_demo). Idempotent."""

import secrets
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.demo import seed_municipalities, translations_fill
from core.models import FocusArea
from notifications.models import Email

from .models import Member, Scope, Sector
from .services import member_withdraw

SECTORS = [
    "Construction and real estate",
    "Retail",
    "Hospitality and tourism",
    "IT and digital services",
    "Manufacturing",
    "Logistics and transport",
    "Professional services",
    "Energy and environment",
]
SECTOR_TRANSLATIONS = {
    "Construction and real estate": ("Bygg och fastigheter", "Bygg og eiendom"),
    "Retail": ("Handel", "Varehandel"),
    "Hospitality and tourism": ("Besöksnäring och turism", "Reiseliv og servering"),
    "IT and digital services": ("IT och digitala tjänster", "IT og digitale tjenester"),
    "Manufacturing": ("Tillverkning", "Industri"),
    "Logistics and transport": ("Logistik och transport", "Logistikk og transport"),
    "Professional services": ("Konsulttjänster", "Rådgivning og tjenesteyting"),
    "Energy and environment": ("Energi och miljö", "Energi og miljø"),
}


# name, role, company, municipality, sectors, focus areas, scope
MEMBERS = [
    (
        "Anna Berg",
        "Managing director",
        "Berg Bygg AB",
        "Northvik",
        ["Construction and real estate"],
        ["Urban development"],
        Scope.BROAD,
    ),
    (
        "Erik Lind",
        "Owner",
        "Lind Café & Bageri",
        "Southby",
        ["Hospitality and tourism", "Retail"],
        ["Events and visitors"],
        Scope.FOCUS_AREAS,
    ),
    (
        "Fatima Hassan",
        "CEO",
        "Nordic Code Collective",
        "Eastholm",
        ["IT and digital services"],
        ["Innovation and digitalisation", "Skills and jobs"],
        Scope.BROAD,
    ),
    (
        "Johan Ek",
        "Sustainability manager",
        "Green Logistics Sweden AB",
        "Westbrook",
        ["Logistics and transport"],
        ["Climate and sustainability"],
        Scope.FOCUS_AREAS,
    ),
    (
        "Maria Nilsson",
        "HR manager",
        "Nilsson Industri AB",
        "Northvik",
        ["Manufacturing"],
        ["Skills and jobs", "Inclusion and social sustainability"],
        Scope.BROAD,
    ),
    (
        "Ola Nordmann",
        "Partner",
        "Fjord Consulting AS",
        "Southby",
        ["Professional services"],
        ["Innovation and digitalisation"],
        Scope.BROAD,
    ),
    (
        "Sara Ali",
        "Founder",
        "Solkraft Energi AB",
        "Eastholm",
        ["Energy and environment"],
        ["Climate and sustainability"],
        Scope.FOCUS_AREAS,
    ),
    (
        "Lars Persson",
        "Store manager",
        "Centrum Handel AB",
        "Northvik",
        ["Retail"],
        ["Skills and jobs"],
        Scope.BROAD,
    ),
    (
        "Ingrid Holm",
        "Head of events",
        "Region Events Ltd",
        "Westbrook",
        ["Hospitality and tourism"],
        ["Events and visitors"],
        Scope.BROAD,
    ),
    (
        "Ahmed Karimi",
        "CTO",
        "Smart City Labs AB",
        "Southby",
        ["IT and digital services"],
        ["Urban development", "Innovation and digitalisation"],
        Scope.FOCUS_AREAS,
    ),
    (
        "Karin Sjöberg",
        "Property developer",
        "Harbour Properties AB",
        "Eastholm",
        ["Construction and real estate"],
        ["Urban development"],
        Scope.BROAD,
    ),
    (
        "Peter Wallin",
        "Managing director",
        "Wallin Transport AB",
        "Westbrook",
        ["Logistics and transport"],
        ["Climate and sustainability", "Skills and jobs"],
        Scope.BROAD,
    ),
]
PENDING = (
    "Nina Unconfirmed",
    "Owner",
    "Pending Design AB",
    "Northvik",
    ["Retail"],
    [],
    Scope.BROAD,
)
WITHDRAWN = (
    "Walter Withdrawn",
    "Owner",
    "Former Member AB",
    "Southby",
    ["Manufacturing"],
    ["Skills and jobs"],
    Scope.BROAD,
)
MARKER_EMAIL = "anna.berg@demo-members.example"


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("ö", "o") + "@demo-members.example"


def seed_members(stdout=None) -> int:
    sectors = {
        n: Sector.objects.get_or_create(name=n, defaults={"order": i})[0]
        for i, n in enumerate(SECTORS)
    }
    towns = seed_municipalities()
    if Member.objects.filter(email__iexact=MARKER_EMAIL).exists():
        return 0
    areas = {a.name: a for a in FocusArea.objects.all()}
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for row in [*MEMBERS, PENDING, WITHDRAWN]:
            name, role, company, town, sector_names, area_names, scope = row
            member = Member.objects.create(
                name=name,
                role=role,
                company_name=company,
                email=_email(name),
                municipality=towns[town],
                scope=scope,
                status=Member.Status.PENDING if row is PENDING else Member.Status.ACTIVE,
                registered_at=now - timedelta(days=30 - created),
                consent_at=now - timedelta(days=30 - created),
            )
            if row is not PENDING:
                member.confirmed_at = member.registered_at + timedelta(hours=1)
                member.certificate_code = secrets.token_urlsafe(12)
                member.save()
            member.sectors.set([sectors[n] for n in sector_names])
            member.focus_areas.set([areas[n] for n in area_names if n in areas])
            if row is WITHDRAWN:
                member_withdraw(member=member)
            created += 1
    if stdout is not None:
        stdout.write(f"Resource bank: {created} demo members.")
    return created


def seed_translations() -> None:
    for sector in Sector.objects.filter(name_en__in=SECTOR_TRANSLATIONS):
        if translations_fill(sector, "name", *SECTOR_TRANSLATIONS[sector.name_en]):
            sector.save()


def seed_large(ctx) -> list[Member]:
    """`ctx.scale.members` members (nine in ten active) with their focus areas, sectors and
    the confirmation e-mail each was sent."""
    rng, text = ctx.rng, ctx.text
    members = []
    for i in range(ctx.scale.members):
        lang = rng.choice(text.LANGS)
        registered = ctx.now - timedelta(days=rng.randint(1, 2000))
        active = rng.random() < 0.9
        members.append(
            Member(
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                status=Member.Status.ACTIVE if active else Member.Status.PENDING,
                name=f"{rng.choice(text.FIRST)} {rng.choice(text.LAST)}",
                role=rng.choice(text.ROLES),
                company_name=text.company(rng, i),
                email=f"member{i}@{ctx.marker_domain}",
                municipality=rng.choice(ctx.municipalities),
                scope=rng.choice(Scope.values),
                language=lang,
                certificate_code=secrets.token_urlsafe(12) if active else None,
                consent_at=registered,
                registered_at=registered,
                confirmed_at=registered + timedelta(hours=2) if active else None,
            )
        )
    members = ctx.bulk(Member, members, "members")
    areas, sectors, emails = [], [], []
    member_type = ContentType.objects.get_for_model(Member)
    for member in members:
        for area in rng.sample(ctx.areas, rng.randint(1, 3)):
            areas.append(Member.focus_areas.through(member_id=member.pk, focusarea_id=area.pk))
        for sector in rng.sample(ctx.sectors, rng.randint(1, 2)):
            sectors.append(Member.sectors.through(member_id=member.pk, sector_id=sector.pk))
        emails.append(
            Email(
                kind="member_confirm",
                to=member.email,
                language=member.language,
                subject="Confirm your membership",
                body_text="",
                redact_after_send=True,
                status=Email.Status.SENT,
                attempts=1,
                next_attempt_at=member.registered_at,
                sent_at=member.registered_at,
                content_type=member_type,
                object_id=str(member.pk),
            )
        )
    ctx.bulk(Member.focus_areas.through, areas, "member focus areas")
    ctx.bulk(Member.sectors.through, sectors, "member sectors")
    ctx.bulk(Email, emails, "member e-mails")
    return members
