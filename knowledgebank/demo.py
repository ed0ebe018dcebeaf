"""Demo knowledge-bank entries for the quick start. Idempotent (keyed by slug)."""

from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from core.models import FocusArea

from .models import Entry, EntryStatus
from .services import entry_create_draft, entry_publish

ENTRIES = [
    {
        "title": "Christmas lights in the city centre, co-financed",
        "summary": "Shops, property owners and the municipality shared the cost of new "
        "city-centre Christmas lights for three winters.",
        "results": "Lights on 14 streets; footfall in December up 9 percent.",
        "experiences": "A written agreement on who pays for what saved many discussions.",
        "lessons": "Agree on maintenance and storage before buying anything.",
        "partners": "City-centre association\nCity Harbour Properties\nStreets Department",
        "year": 2023,
        "areas": ["Events and visitors"],
        "published": True,
    },
    {
        "title": "Local food in school kitchens",
        "summary": "Farmers and the school catering service worked out how small producers "
        "can take part in public procurement.",
        "results": "Six local producers now deliver to 40 school kitchens.",
        "experiences": "Splitting the tender into small lots made the difference.",
        "lessons": "Talk to suppliers before the tender, not after.",
        "partners": "Farmers' association\nSchool Catering Service",
        "year": 2022,
        "areas": ["Climate and sustainability"],
        "published": True,
    },
    {
        "title": "Praktikplatser för nyanlända inom handeln",
        "summary": "Handlare och arbetsmarknadsförvaltningen erbjöd praktik med handledning "
        "för nyanlända.",
        "results": "85 praktikplatser, 31 anställningar efter praktiken.",
        "experiences": "Handledarna behövde mer stöd än vi trodde.",
        "lessons": "Utbilda handledarna innan praktiken börjar.",
        "partners": "Handelsföreningen\nArbetsmarknadsförvaltningen",
        "year": 2021,
        "areas": ["Skills and jobs", "Inclusion and social sustainability"],
        "published": True,
    },
    {
        "title": "Shared electric delivery bikes: a pilot",
        "summary": "A one-year pilot with shared cargo bikes for last-mile deliveries in "
        "the old town.",
        "results": "11,000 deliveries by bike; 18 tonnes of CO2 avoided.",
        "experiences": "Drivers liked the bikes; parking space was the bottleneck.",
        "lessons": "Reserve loading space for bikes from the start.",
        "partners": "Green Logistics Sweden AB\nDepartment of Streets and Parks",
        "year": 2024,
        "areas": ["Climate and sustainability", "Urban development"],
        "published": True,
    },
    {
        "title": "Digital signage for visitors (draft report)",
        "summary": "Draft final report of the visitor signage group; not yet reviewed.",
        "results": "",
        "experiences": "",
        "lessons": "",
        "partners": "Tourist office",
        "year": 2025,
        "areas": ["Events and visitors"],
        "published": False,
    },
]


@transaction.atomic
def seed_entries(stdout=None) -> int:
    """Create what is missing, published or left as a draft; return how many are new."""
    areas = {area.name: area for area in FocusArea.objects.all()}
    new_entries = 0
    for data in ENTRIES:
        data = dict(data)
        names, published = data.pop("areas"), data.pop("published")
        if Entry.objects.filter(slug=slugify(data["title"])).exists():
            continue
        entry = entry_create_draft(**data, focus_areas=[areas[n] for n in names if n in areas])
        if published:
            entry_publish(entry=entry)
        new_entries += 1
    if stdout is not None:
        stdout.write(f"Demo knowledge-bank entries ready ({new_entries} new).")
    return new_entries


def seed_large(ctx, *, partners: list[str]) -> list[Entry]:
    """`ctx.scale.entries` entries (nine in ten published), each with one focus area."""
    rng, text = ctx.rng, ctx.text
    entries = []
    for i in range(ctx.scale.entries):
        lang = rng.choice(text.LANGS)
        title, topic = text.title(rng, lang)
        published = rng.random() < 0.9
        at = ctx.now - timedelta(days=rng.randint(1, 2500))
        entries.append(
            Entry(
                title=title,
                slug=f"experience-{i}",
                summary=text.text(rng, lang, topic, 3),
                results=text.text(rng, lang, topic, 2),
                experiences=text.text(rng, lang, topic, 2),
                lessons=text.text(rng, lang, topic, 2),
                partners=f"{text.company(rng, i)}\n{rng.choice(partners)}",
                year=at.year,
                status=EntryStatus.PUBLISHED if published else EntryStatus.DRAFT,
                published_at=at if published else None,
            )
        )
    entries = ctx.bulk(Entry, entries, "knowledge-bank entries")
    links = [
        Entry.focus_areas.through(entry_id=e.pk, focusarea_id=rng.choice(ctx.areas).pk)
        for e in entries
    ]
    ctx.bulk(Entry.focus_areas.through, links, "entry focus areas")
    places = [
        Entry.municipalities.through(
            entry_id=e.pk, municipality_id=rng.choice(ctx.municipalities).pk
        )
        for e in entries
    ]
    ctx.bulk(Entry.municipalities.through, places, "entry municipalities")
    return entries
