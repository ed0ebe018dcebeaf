"""Demo data of the foundation: the region's settings, its focus areas, the staff logins.

Called by the demo app's `seed_demo`; idempotent. Swedish and Norwegian fill only empty
translation columns, so texts staff have edited are left alone.
"""

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from .models import FocusArea, Municipality, SiteSettings
from .regions import COORDINATORS
from .roles import PROCESS_SUPPORT, SCREENERS, roles_ensure

FOCUS_AREAS = {
    "Skills and jobs": ("Kompetens och jobb", "Kompetanse og arbeid"),
    "Urban development": ("Stadsutveckling", "Byutvikling"),
    "Climate and sustainability": ("Klimat och hållbarhet", "Klima og bærekraft"),
    "Inclusion and social sustainability": (
        "Inkludering och social hållbarhet",
        "Inkludering og sosial bærekraft",
    ),
    "Innovation and digitalisation": (
        "Innovation och digitalisering",
        "Innovasjon og digitalisering",
    ),
    "Events and visitors": ("Evenemang och besökare", "Arrangementer og besøkende"),
}

SITE_TRANSLATIONS = {
    "portal_name": ("Möt Demoregionen", "Møt Demoregionen"),
    "business_pilot_description": (
        "En väg in för företag med frågor om tillstånd, tillsyn, lokaler och andra "
        "kommunala tjänster.",
        "Én vei inn for bedrifter med spørsmål om tillatelser, tilsyn, lokaler og andre "
        "kommunale tjenester.",
    ),
    "business_pilot_hours": ("Måndag–fredag 8–17", "Mandag–fredag 8–17"),
}


def translations_fill(obj, field: str, sv: str, nb: str) -> bool:
    """Fill the Swedish and Norwegian columns of `field` where they are still empty."""
    changed = False
    for language, text in (("sv", sv), ("nb", nb)):
        column = f"{field}_{language}"
        default = obj._meta.get_field(column).default
        if getattr(obj, column) in ("", None, default):
            setattr(obj, column, text)
            changed = True
    return changed


def seed_site() -> SiteSettings:
    site = SiteSettings.load()
    if site.region_name == SiteSettings._meta.get_field("region_name").default:
        site.region_name = "Demo Region"
        site.portal_name = "Meet Demo Region"
        site.business_unit_name = "Demo Region Business Unit"
        site.business_unit_email = "business@demo-region.example"
        site.business_pilot_name = "Demo Region Business Pilot"
        site.business_pilot_description = (
            "One way in for companies with questions about permits, supervision, "
            "premises and other municipal services."
        )
        site.business_pilot_phone = "+46 40 34 10 00"
        site.business_pilot_email = "pilot@demo-region.example"
        site.business_pilot_hours = "Monday–Friday 8–17"
        site.save()
    return site


# Fictional municipalities of the demo region: (name, business pilot phone, introduction).
# The first three have staff of their own (seed_staff).
MUNICIPALITIES = [
    ("Northvik", "+46 40 34 10 01", "A harbour town with a growing logistics cluster."),
    ("Southby", "+46 40 34 20 02", "Farms, food producers and the region's largest hospital."),
    ("Eastholm", "+46 40 34 30 03", "The university town: engineering, IT and start-ups."),
    ("Westbrook", "+46 40 34 40 04", "Lakes, forests and visitors all year round."),
]


def seed_municipalities() -> dict[str, Municipality]:
    """The region's municipalities, each with its business unit and business pilot."""
    made = {}
    for order, (name, phone, intro) in enumerate(MUNICIPALITIES):
        slug = slugify(name)
        municipality, _created = Municipality.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "intro": intro,
                "business_unit_name": f"{name} Business Unit",
                "business_unit_email": f"business@{slug}.demo-region.example",
                "business_pilot_name": f"{name} Business Pilot",
                "business_pilot_description": (
                    f"One way in for companies in {name} with questions about permits, "
                    "supervision, premises and other municipal services."
                ),
                "business_pilot_phone": phone,
                "business_pilot_email": f"pilot@{slug}.demo-region.example",
                "business_pilot_url": f"https://{slug}.demo-region.example/business-pilot",
                "business_pilot_hours": "Monday–Friday 8–17",
            },
        )
        made[name] = municipality
    return made


def seed_focus_areas() -> dict[str, FocusArea]:
    return {
        name: FocusArea.objects.get_or_create(name=name, defaults={"order": i})[0]
        for i, name in enumerate(FOCUS_AREAS)
    }


# Staff of the municipalities with people of their own: username, first and last name.
MUNICIPAL_STAFF = {
    "Northvik": ("northvik", "Nina", "Nordin"),
    "Southby": ("southby", "Sami", "Sandberg"),
    "Eastholm": ("eastholm", "Eva", "Ek"),
}


def seed_municipal_staff(*, password: str) -> dict:
    """One screener with process support for each of Northvik, Southby and Eastholm, who sees
    and works on that municipality's ideas only; returns them by municipality name."""
    User = get_user_model()
    roles = roles_ensure()
    staff = {}
    for municipality in Municipality.objects.filter(name__in=MUNICIPAL_STAFF):
        username, first, last = MUNICIPAL_STAFF[municipality.name]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{municipality.slug}.demo-region.example",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(roles[SCREENERS], roles[PROCESS_SUPPORT])
        municipality.staff.add(user)
        staff[municipality.name] = user
    return staff


def seed_staff(*, password: str):
    """The superuser `admin` and `screener`, the region's coordinator (the coordinating unit's
    screener, who sees every municipality); returns the screener."""
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@demo-region.example"},
    )
    if created:
        admin.set_password(password)
        admin.save()
    screener, created = User.objects.get_or_create(
        username="screener",
        defaults={
            "is_staff": True,
            "first_name": "Sara",
            "last_name": "Screener",
            "email": "screener@demo-region.example",
        },
    )
    if created:
        screener.set_password(password)
        screener.save()
    roles = roles_ensure()
    screener.groups.add(roles[SCREENERS], roles[PROCESS_SUPPORT], roles[COORDINATORS])
    return screener


def seed_translations() -> None:
    for area in FocusArea.objects.filter(name_en__in=FOCUS_AREAS):
        if translations_fill(area, "name", *FOCUS_AREAS[area.name_en]):
            area.save()
    site = SiteSettings.load()
    if site.portal_name_en == "Meet Demo Region":
        changed = False
        for field, (sv, nb) in SITE_TRANSLATIONS.items():
            changed = translations_fill(site, field, sv, nb) or changed
        if changed:
            site.save()
