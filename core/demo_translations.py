"""Swedish and Norwegian for the demo's staff-entered content (seed_demo writes English).

Only empty translation columns are filled, so texts staff have edited are left alone.
"""

from core.models import FocusArea, SiteSettings
from ideas.models import Criterion
from resourcebank.models import Sector

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

CRITERIA = {
    "The idea aims at collaboration between business and the municipality": (
        (
            "Idén syftar till samverkan mellan näringslivet och kommunen",
            "Det enda avgörande kriteriet: idén syftar till samverkan mellan näringslivet och "
            "kommunen – eventuellt tillsammans med andra offentliga aktörer eller organisationer – "
            "för näringslivsutveckling och en socialt hållbar region. Till exempel en gemensam "
            "arbetsgrupp eller medfinansiering av en insats.",
        ),
        (
            "Ideen tar sikte på samarbeid mellom næringslivet og kommunen",
            "Det ene avgjørende kriteriet: ideen tar sikte på samarbeid mellom næringslivet og "
            "kommunen – eventuelt sammen med andre offentlige aktører eller organisasjoner – for "
            "næringsutvikling og en sosialt bærekraftig region. For eksempel en felles "
            "arbeidsgruppe eller medfinansiering av et tiltak.",
        ),
    ),
    "Both sides take part": (
        (
            "Båda parter deltar",
            "En samverkan blir bara fruktbar när både näringslivet och kommunen bidrar med "
            "människor och tid.",
        ),
        (
            "Begge parter deltar",
            "Et samarbeid blir bare fruktbart når både næringslivet og kommunen bidrar med folk "
            "og tid.",
        ),
    ),
    "Not a service or authority matter": (
        (
            "Inte ett service- eller myndighetsärende",
            "Frågor om tillstånd, tillsyn eller annan myndighetsutövning hanteras av "
            "företagslotsen, inte genom den här portalen.",
        ),
        (
            "Ikke en tjeneste- eller myndighetssak",
            "Spørsmål om tillatelser, tilsyn eller annen myndighetsutøvelse håndteres av "
            "bedriftslosen, ikke gjennom denne portalen.",
        ),
    ),
}

SECTORS = {
    "Construction and real estate": ("Bygg och fastigheter", "Bygg og eiendom"),
    "Retail": ("Handel", "Varehandel"),
    "Hospitality and tourism": ("Besöksnäring och turism", "Reiseliv og servering"),
    "IT and digital services": ("IT och digitala tjänster", "IT og digitale tjenester"),
    "Manufacturing": ("Tillverkning", "Industri"),
    "Logistics and transport": ("Logistik och transport", "Logistikk og transport"),
    "Professional services": ("Konsulttjänster", "Rådgivning og tjenesteyting"),
    "Energy and environment": ("Energi och miljö", "Energi og miljø"),
}

SITE = {
    "portal_name": ("Möt Demoregionen", "Møt Demoregionen"),
    "business_pilot_description": (
        "En väg in för företag med frågor om tillstånd, tillsyn, lokaler och andra "
        "kommunala tjänster.",
        "Én vei inn for bedrifter med spørsmål om tillatelser, tilsyn, lokaler og andre "
        "kommunale tjenester.",
    ),
    "business_pilot_hours": ("Måndag–fredag 8–17", "Mandag–fredag 8–17"),
}


def _fill(obj, field: str, sv: str, nb: str) -> bool:
    changed = False
    for language, text in (("sv", sv), ("nb", nb)):
        column = f"{field}_{language}"
        default = obj._meta.get_field(column).default
        if getattr(obj, column) in ("", None, default):
            setattr(obj, column, text)
            changed = True
    return changed


def seed_translations() -> None:
    for area in FocusArea.objects.filter(name_en__in=FOCUS_AREAS):
        if _fill(area, "name", *FOCUS_AREAS[area.name_en]):
            area.save()
    for criterion in Criterion.objects.filter(title_en__in=CRITERIA):
        (sv_title, sv_text), (nb_title, nb_text) = CRITERIA[criterion.title_en]
        changed = _fill(criterion, "title", sv_title, nb_title)
        changed = _fill(criterion, "explanation", sv_text, nb_text) or changed
        if changed:
            criterion.save()
    for sector in Sector.objects.filter(name_en__in=SECTORS):
        if _fill(sector, "name", *SECTORS[sector.name_en]):
            sector.save()
    site = SiteSettings.load()
    if site.portal_name_en == "Meet Demo Region":
        changed = False
        for field, (sv, nb) in SITE.items():
            changed = _fill(site, field, sv, nb) or changed
        if changed:
            site.save()
