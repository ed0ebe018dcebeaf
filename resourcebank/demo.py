"""Demo members for the quick start (called from core's seed_demo). Idempotent."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import FocusArea

from .models import Member, Municipality, Scope, Sector
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
MUNICIPALITIES = ["Northvik", "Southby", "Eastholm", "Westbrook"]

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
    towns = {
        n: Municipality.objects.get_or_create(name=n, defaults={"order": i})[0]
        for i, n in enumerate(MUNICIPALITIES)
    }
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
