"""Demo projects (initiatives) for the quick start. Idempotent (keyed by slug)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.text import slugify

from core.models import FocusArea, Municipality

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
        "municipalities": ["Northvik"],
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
        "municipalities": ["Southby"],
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
        "municipalities": ["Eastholm"],
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
        "municipalities": ["Northvik", "Eastholm"],
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
        "municipalities": ["Southby"],
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
        "municipalities": ["Eastholm"],
        "status": ProjectStatus.ONGOING,
        "start_date": date(2025, 6, 1),
        "areas": ["Climate and sustainability"],
        "progress": "The exchange is open; 120 tonnes reused in the first half-year.",
    },
]


@transaction.atomic
def seed_projects(stdout=None) -> int:
    """Create what is missing; return how many projects are new."""
    areas = {area.name: area for area in FocusArea.objects.all()}
    new_projects = 0
    for data in PROJECTS:
        data = dict(data)
        names, progress = data.pop("areas"), data.pop("progress")
        places = data.pop("municipalities")
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
        project.municipalities.set(Municipality.objects.filter(name__in=places))
        new_projects += 1
    if stdout is not None:
        stdout.write(f"Demo projects ready ({new_projects} new).")
    return new_projects


def seed_large(ctx, *, count: int) -> list[Project]:
    """`count` initiatives staff registered (nine in ten public), with their focus areas."""
    rng, text = ctx.rng, ctx.text
    projects = []
    for i in range(count):
        lang = rng.choice(text.LANGS)
        title, topic = text.title(rng, lang)
        starts = date.today() - timedelta(days=rng.randint(0, 2500))
        projects.append(
            Project(
                title=title,
                slug=f"initiative-{i}",
                summary=text.text(rng, lang, topic, 3),
                goal=text.text(rng, lang, topic, 1),
                organisations=text.company(rng, i),
                status=rng.choice(ProjectStatus.values),
                start_date=starts,
                start_year=starts.year,
                is_public=rng.random() < 0.9,
            )
        )
    projects = ctx.bulk(Project, projects, "projects")
    projects_focus_areas_large(ctx, projects)
    links = [
        Project.municipalities.through(project_id=p.pk, municipality_id=m.pk)
        for p in projects
        for m in rng.sample(ctx.municipalities, rng.choice([1, 1, 1, 2]))
    ]
    ctx.bulk(Project.municipalities.through, links, "project municipalities")
    return projects


def projects_focus_areas_large(ctx, projects: list[Project]) -> None:
    """One or two focus areas for each of `projects` (initiatives and working groups')."""
    links = [
        Project.focus_areas.through(project_id=project.pk, focusarea_id=area.pk)
        for project in projects
        for area in ctx.rng.sample(ctx.areas, ctx.rng.randint(1, 2))
    ]
    ctx.bulk(Project.focus_areas.through, links, "project focus areas")
