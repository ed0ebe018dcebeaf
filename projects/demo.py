"""Demo projects and knowledge-bank entries for the quick start. Idempotent (keyed by slug)."""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from core.models import FocusArea
from knowledgebank.models import Entry
from knowledgebank.services import entry_create_draft, entry_publish

from .models import Project, ProjectStatus

PROJECTS = [
    {
        "title": "A shared charging network for delivery vans in the city centre",
        "summary": "Property owners, logistics companies and the municipality plan shared "
        "charging points for electric delivery vans at loading zones.",
        "goal": "Thirty shared charging points at city-centre loading zones by 2027, open "
        "to every delivery company on equal terms.",
        "organisations": "Green Logistics Sweden AB\nCity Harbour Properties\n"
        "Department of Streets and Parks",
        "municipality": "Demo City",
        "status": ProjectStatus.ONGOING,
        "start_date": date(2025, 3, 1),
        "areas": ["Climate and sustainability", "Urban development"],
        "progress": "Four pilot sites chosen; the first two chargers are installed.",
    },
    {
        "title": "Summer jobs for young people in local shops",
        "summary": "Shops in three districts offer summer jobs to young people; the "
        "municipality finds and prepares the candidates.",
        "goal": "150 summer jobs each year, half of them in districts with high youth "
        "unemployment.",
        "organisations": "Centrum Handel AB\nLabour Market Department",
        "municipality": "Demo City",
        "status": ProjectStatus.ONGOING,
        "start_date": date(2024, 2, 1),
        "areas": ["Skills and jobs", "Inclusion and social sustainability"],
        "progress": "122 young people worked in 48 shops last summer.",
    },
    {
        "title": "Öppna data om lediga lokaler",
        "summary": "Fastighetsägare och kommunen publicerar lediga kommersiella lokaler som "
        "öppna data så att nya företag hittar rätt lokal snabbare.",
        "goal": "En gemensam och aktuell förteckning över lediga lokaler i hela kommunen.",
        "organisations": "Stadsbyggnadskontoret\nFastighetsägarna Syd",
        "municipality": "Norrby",
        "status": ProjectStatus.PLANNED,
        "start_date": date(2026, 1, 15),
        "areas": ["Innovation and digitalisation", "Urban development"],
        "progress": "",
    },
    {
        "title": "Mentoring newly arrived engineers",
        "summary": "Experienced engineers from local companies mentor newly arrived "
        "engineers for six months, with a municipal coordinator.",
        "goal": "Forty mentoring pairs a year and a job for two thirds of the mentees.",
        "organisations": "Engineers Without Borders (local chapter)\nTech Park Demo\n"
        "Integration Department",
        "municipality": "Demo City",
        "status": ProjectStatus.ONGOING,
        "start_date": date(2025, 9, 1),
        "areas": ["Skills and jobs", "Inclusion and social sustainability"],
        "progress": "The second round of 22 pairs started in September.",
    },
    {
        "title": "Evenemangsstråk längs hamnen",
        "summary": "Näringsidkare längs hamnen och kommunen planerar gemensamma evenemang "
        "och en samordnad marknadsföring under sommarhalvåret.",
        "goal": "Fler besökare utanför högsäsong och längre öppettider i hamnen.",
        "organisations": "Hamnens företagarförening\nKulturförvaltningen",
        "municipality": "Norrby",
        "status": ProjectStatus.PAUSED,
        "start_date": date(2024, 5, 1),
        "areas": ["Events and visitors"],
        "progress": "Pausat i väntan på beslut om budget för 2026.",
    },
    {
        "title": "Circular building materials exchange",
        "summary": "Construction companies and the municipality's property department "
        "reuse building materials through a shared exchange.",
        "goal": "Reuse 500 tonnes of building materials a year.",
        "organisations": "Hansson Bygg AB\nMunicipal Property Department",
        "municipality": "Demo City",
        "status": ProjectStatus.ONGOING,
        "start_date": date(2025, 6, 1),
        "areas": ["Climate and sustainability"],
        "progress": "The exchange is open; 120 tonnes reused in the first half-year.",
    },
]

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
def seed_projects(stdout=None) -> tuple[int, int]:
    """Create what is missing; return (new projects, new entries)."""
    areas = {area.name: area for area in FocusArea.objects.all()}
    new_projects = new_entries = 0
    for data in PROJECTS:
        data = dict(data)
        names, progress = data.pop("areas"), data.pop("progress")
        slug = slugify(data["title"])
        if Project.objects.filter(slug=slug).exists():
            continue
        project = Project.objects.create(
            slug=slug,
            is_public=True,
            contact_name="Sara Screener",
            contact_email="business@demo-region.example",
            progress_text=progress,
            progress_date=date(2026, 10, 1) if progress else None,
            **data,
        )
        project.focus_areas.set([areas[n] for n in names if n in areas])
        new_projects += 1
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
        stdout.write(
            f"Demo projects ready ({new_projects} new projects, {new_entries} new "
            "knowledge-bank entries)."
        )
    return new_projects, new_entries
