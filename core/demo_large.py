"""A large, realistic data set for measuring: `manage.py seed_demo --scale large`.

About 100,000 ideas over every stage with their histories and e-mails, 20,000 resource-bank
members, 5,000 working groups with participants and reports (public ones with a project
page), 2,000 knowledge-bank entries. Text is generated from Swedish, Norwegian and English
phrase pools, so full-text search and the similarity warning meet real vocabulary.

Rows go in with `bulk_create` in batches (no per-row save), so the stored search vectors are
rebuilt at the end with each model's `search_vectors_rebuild()`. PostgreSQL only. The run is
deterministic (a fixed random seed) and refuses to run twice on the same database.
"""

import random
import secrets
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from core.models import FocusArea
from ideas.models import CollaborationKind, Idea, OrganisationType, StageChange
from ideas.stages import Stage
from knowledgebank.models import Entry, EntryStatus
from notifications.models import Email
from projects.models import Project, ProjectKind, ProjectStatus
from resourcebank.models import Member, Municipality, Scope, Sector
from workgroups.models import Organisation, Participant, Report, WorkingGroup

# A marker: the large set's ideas all come from this address domain.
MARKER_DOMAIN = "large.meetregion.example"
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    ideas: int = 100_000
    members: int = 20_000
    groups: int = 5_000
    entries: int = 2_000


SCALES = {
    "large": Scale(),
    # For trying the generator out in a minute.
    "medium": Scale(ideas=10_000, members=2_000, groups=500, entries=200),
}

# -------------------------------------------------------------------- text pools

TOPICS = {
    "sv": [
        "sommarjobb för unga",
        "laddinfrastruktur för elbilar",
        "lediga lokaler i centrum",
        "praktikplatser för nyanlända",
        "cirkulär byggnadsmateriel",
        "delade lastcyklar",
        "lokal livsmedelsproduktion",
        "turism i skärgården",
        "digitala tjänster för handeln",
        "kompetensförsörjning inom vården",
        "solenergi på industritak",
        "trygga stråk kvällstid",
        "mentorskap för entreprenörer",
        "återbruk av möbler",
        "gemensam logistik för butiker",
        "evenemang i hamnen",
        "öppna data om trafik",
        "kollektivtrafik till industriområdet",
        "språkutbildning på arbetsplatsen",
        "grön omställning i tillverkningsindustrin",
    ],
    "nb": [
        "sommerjobb for ungdom",
        "ladestasjoner for varebiler",
        "ledige lokaler i sentrum",
        "arbeidstrening for innvandrere",
        "ombruk av byggematerialer",
        "felles bysykler",
        "lokal matproduksjon",
        "reiseliv langs fjorden",
        "digitale tjenester for handelen",
        "rekruttering til helsesektoren",
        "solceller på næringsbygg",
        "trygge gangveier",
        "mentorordning for gründere",
        "gjenbruk av kontormøbler",
        "felles varelevering",
        "arrangementer på kaia",
        "åpne data om parkering",
        "busstilbud til næringsparken",
        "norskopplæring på arbeidsplassen",
        "grønn omstilling i industrien",
    ],
    "en": [
        "summer jobs for young people",
        "charging points for delivery vans",
        "vacant shops in the city centre",
        "work placements for newcomers",
        "circular building materials",
        "shared cargo bikes",
        "local food production",
        "tourism along the coast",
        "digital services for retailers",
        "recruitment for health care",
        "solar panels on warehouse roofs",
        "safe walking routes at night",
        "mentoring for start-ups",
        "reuse of office furniture",
        "joint deliveries for small shops",
        "events in the harbour",
        "open data on traffic",
        "bus links to the business park",
        "language training at work",
        "the green transition in manufacturing",
    ],
}

ACTIONS = {
    "sv": [
        "Samverkan kring",
        "Ett gemensamt pilotprojekt om",
        "Arbetsgrupp för",
        "Medfinansiering av",
        "Kunskapsutbyte om",
        "Ny satsning på",
    ],
    "nb": [
        "Samarbeid om",
        "Et felles pilotprosjekt om",
        "Arbeidsgruppe for",
        "Medfinansiering av",
        "Erfaringsutveksling om",
        "Ny satsing på",
    ],
    "en": [
        "Collaboration on",
        "A joint pilot on",
        "A working group for",
        "Co-financing of",
        "Sharing knowledge on",
        "A new effort on",
    ],
}

PLACES = {
    "sv": [
        "i centrum",
        "i hamnen",
        "i glesbygden",
        "för småföretag",
        "i industriområdet",
        "i stadsdelarna",
        "längs kusten",
        "vid stationen",
    ],
    "nb": [
        "i sentrum",
        "på havna",
        "i distriktene",
        "for småbedrifter",
        "i næringsparken",
        "i bydelene",
        "langs fjorden",
        "ved stasjonen",
    ],
    "en": [
        "in the city centre",
        "in the harbour",
        "in rural areas",
        "for small companies",
        "in the business park",
        "in the suburbs",
        "along the coast",
        "near the station",
    ],
}

SENTENCES = {
    "sv": [
        "Vi vill samarbeta med kommunen om {topic} {place}.",
        "Flera lokala företag är beredda att bidra med personal, lokaler och tid.",
        "Idén stärker det lokala näringslivet och en socialt hållbar stad.",
        "Liknande arbete pågår i grannkommunerna och vi vill lära av det.",
        "Vi föreslår en arbetsgrupp med representanter från både företag och förvaltningar.",
        "Målet är att {topic} ska bli en självklar del av regionens utveckling.",
        "Finansieringen kan delas mellan företagen och kommunen under tre år.",
    ],
    "nb": [
        "Vi ønsker å samarbeide med kommunen om {topic} {place}.",
        "Flere lokale bedrifter er villige til å bidra med folk, lokaler og tid.",
        "Ideen styrker næringslivet og en sosialt bærekraftig by.",
        "Lignende arbeid pågår i nabokommunene, og vi vil lære av det.",
        "Vi foreslår en arbeidsgruppe med folk fra både næringslivet og kommunen.",
        "Målet er at {topic} skal bli en naturlig del av regionens utvikling.",
        "Kostnadene kan deles mellom bedriftene og kommunen over tre år.",
    ],
    "en": [
        "We would like to work with the municipality on {topic} {place}.",
        "Several local companies are ready to contribute people, premises and time.",
        "The idea strengthens local business and a socially sustainable region.",
        "Similar work is under way in neighbouring municipalities and we want to learn from it.",
        "We propose a working group with people from both companies and departments.",
        "The aim is to make {topic} a natural part of how the region develops.",
        "The costs could be shared between the companies and the municipality over three years.",
    ],
}

FIRST = [
    "Anna",
    "Erik",
    "Fatima",
    "Johan",
    "Maria",
    "Ola",
    "Sara",
    "Lars",
    "Ingrid",
    "Kari",
    "Mohammed",
    "Elin",
    "Nils",
    "Sofia",
    "Ahmed",
    "Liv",
    "Henrik",
    "Emma",
    "Jonas",
    "Aisha",
]
LAST = [
    "Berg",
    "Lind",
    "Hassan",
    "Ek",
    "Nilsson",
    "Nordmann",
    "Ali",
    "Persson",
    "Holm",
    "Johansen",
    "Andersson",
    "Haugen",
    "Karlsson",
    "Larsen",
    "Svensson",
    "Dahl",
    "Olsen",
]
COMPANY = [
    "Bygg",
    "Handel",
    "Logistik",
    "Energi",
    "Data",
    "Konsult",
    "Mat",
    "Design",
    "Industri",
    "Fastigheter",
    "Transport",
    "Kultur",
]
SUFFIX = ["AB", "AS", "HB", "Ltd"]
ROLES = [
    "Managing director",
    "Owner",
    "CEO",
    "HR manager",
    "Partner",
    "Founder",
    "Sustainability manager",
    "Sales manager",
]
LANGS = ["sv"] * 5 + ["nb"] * 3 + ["en"] * 2

# Stage paths after "submitted", with their share of the ideas (per thousand).
PATHS = [
    ([], 100),
    ([Stage.SCREENING], 150),
    ([Stage.SCREENING, Stage.ACCEPTED], 100),
    ([Stage.SCREENING, Stage.PAUSED], 80),
    ([Stage.SCREENING, Stage.DECLINED], 200),
    ([Stage.REFERRED], 120),
    ([Stage.SCREENING, Stage.ACCEPTED, Stage.IN_GROUP], 150),
    ([Stage.SCREENING, Stage.ACCEPTED, Stage.IN_GROUP, Stage.COMPLETED], 100),
]


def _title(rng: random.Random, lang: str) -> tuple[str, str]:
    topic = rng.choice(TOPICS[lang])
    title = f"{rng.choice(ACTIONS[lang])} {topic} {rng.choice(PLACES[lang])}"
    return title, topic


def _text(rng: random.Random, lang: str, topic: str, sentences: int = 4) -> str:
    chosen = rng.sample(SENTENCES[lang], sentences)
    return " ".join(s.format(topic=topic, place=rng.choice(PLACES[lang])) for s in chosen)


def _company(rng: random.Random, i: int) -> str:
    return f"{rng.choice(LAST)} {rng.choice(COMPANY)} {i} {rng.choice(SUFFIX)}"


# -------------------------------------------------------------------- progress


class Progress:
    """A one-line progress bar on stdout (plain lines when not a terminal)."""

    def __init__(self, out, total: int):
        self.out, self.total, self.done = out, total, 0
        self.started = time.monotonic()
        self.tty = getattr(sys.stdout, "isatty", lambda: False)()

    def step(self, n: int, label: str) -> None:
        self.done += n
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * 30)
        line = f"[{bar:<30}] {share:6.1%} {time.monotonic() - self.started:6.1f}s  {label}"
        if self.tty:
            self.out.write("\r" + line.ljust(100), ending="")
            self.out.flush()
        else:
            self.out.write(line)

    def finish(self) -> None:
        if self.tty:
            self.out.write("")


# -------------------------------------------------------------------- the generator


def large_seed_exists() -> bool:
    return Idea.objects.filter(email__endswith="@" + MARKER_DOMAIN).exists()


def _bulk(model, rows, progress: Progress, label: str):
    created = []
    for start in range(0, len(rows), BATCH):
        chunk = model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
        created.extend(chunk)
        progress.step(len(chunk), label)
    return created


def seed_large(out, *, scale: Scale, seed: int = 8) -> dict[str, int]:
    if connection.vendor != "postgresql":
        raise RuntimeError("The large data set needs PostgreSQL (set DATABASE_URL).")
    if large_seed_exists():
        out.write("The large data set is already there; nothing to do.")
        return {}
    rng = random.Random(seed)
    now = timezone.now()
    paths = [p for p, share in PATHS for _ in range(share)]
    # Rough row count for the progress bar.
    total = scale.ideas * 6 + scale.members * 4 + scale.groups * 6 + scale.entries * 2 + 1
    progress = Progress(out, total)

    areas = list(FocusArea.objects.all())
    sectors = list(Sector.objects.all())
    municipalities = list(Municipality.objects.all())
    if not (areas and sectors and municipalities):
        raise RuntimeError("Run `seed_demo` (the small set) first: it creates the lists.")
    User = get_user_model()
    staff = list(User.objects.filter(is_staff=True)[:5])
    idea_type = ContentType.objects.get_for_model(Idea)

    with transaction.atomic():
        # ---------------------------------------------------------------- ideas
        ideas, idea_paths = [], []
        for i in range(scale.ideas):
            lang = rng.choice(LANGS)
            title, topic = _title(rng, lang)
            path = rng.choice(paths)
            submitted = now - timedelta(days=rng.randint(1, 3650), minutes=rng.randint(0, 1440))
            ideas.append(
                Idea(
                    stage=path[-1] if path else Stage.SUBMITTED,
                    stage_changed_at=submitted + timedelta(days=7 * len(path)),
                    organisation_name=_company(rng, i),
                    organisation_type=rng.choice(OrganisationType.values),
                    contact_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"idea{i}@{MARKER_DOMAIN}",
                    title=title[:200],
                    description=_text(rng, lang, topic),
                    collaboration_kind=rng.choice(CollaborationKind.values),
                    wants_to_take_part=rng.random() < 0.6,
                    accepted_criteria=True,
                    acknowledged_no_guarantee=True,
                    language=lang,
                    submitted_at=submitted,
                    municipality=rng.choice(municipalities),
                    is_public=rng.random() < 0.02,
                )
            )
            idea_paths.append(path)
        ideas = _bulk(Idea, ideas, progress, "ideas")
        with connection.cursor() as cursor:
            # The reference the submission service gives: year and primary key.
            cursor.execute(
                "UPDATE ideas_idea SET reference = to_char(submitted_at, 'YYYY') || '-' "
                "|| lpad(id::text, greatest(5, length(id::text)), '0') WHERE reference IS NULL AND email LIKE %s",
                ["%@" + MARKER_DOMAIN],
            )
        links = []
        sector_links = []
        for idea in ideas:
            for area in rng.sample(areas, rng.randint(1, 2)):
                links.append(Idea.focus_areas.through(idea_id=idea.pk, focusarea_id=area.pk))
            for sector in rng.sample(sectors, rng.randint(0, 2)):
                sector_links.append(Idea.sectors.through(idea_id=idea.pk, sector_id=sector.pk))
        _bulk(Idea.focus_areas.through, links, progress, "idea focus areas")
        _bulk(Idea.sectors.through, sector_links, progress, "idea sectors")

        # ---------------------------------------------------- histories and e-mails
        changes, emails = [], []
        for idea, path in zip(ideas, idea_paths, strict=True):
            at, previous = idea.submitted_at, ""
            for stage in [Stage.SUBMITTED, *path]:
                changes.append(
                    StageChange(
                        idea_id=idea.pk,
                        from_stage=previous,
                        to_stage=stage,
                        at=at,
                        by=rng.choice(staff) if staff and previous else None,
                        note="" if stage == Stage.SUBMITTED else f"{Stage(stage).label}.",
                    )
                )
                emails.append(
                    Email(
                        kind="idea_received" if not previous else "idea_stage_changed",
                        to=idea.email,
                        language=idea.language,
                        subject=f"{idea.reference or ''} {idea.title}"[:255],
                        body_text="",
                        redact_after_send=True,
                        status=Email.Status.SENT,
                        attempts=1,
                        next_attempt_at=at,
                        sent_at=at + timedelta(seconds=2),
                        content_type=idea_type,
                        object_id=str(idea.pk),
                    )
                )
                previous, at = stage, at + timedelta(days=7)
        _bulk(StageChange, changes, progress, "stage changes")
        _bulk(Email, emails, progress, "e-mails")
        del changes, emails

        # ---------------------------------------------------------------- members
        members = []
        for i in range(scale.members):
            lang = rng.choice(LANGS)
            registered = now - timedelta(days=rng.randint(1, 2000))
            status = Member.Status.ACTIVE if rng.random() < 0.9 else Member.Status.PENDING
            members.append(
                Member(
                    public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    status=status,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    role=rng.choice(ROLES),
                    company_name=_company(rng, i),
                    email=f"member{i}@{MARKER_DOMAIN}",
                    municipality=rng.choice(municipalities),
                    scope=rng.choice(Scope.values),
                    language=lang,
                    certificate_code=secrets.token_urlsafe(12)
                    if status == Member.Status.ACTIVE
                    else None,
                    consent_at=registered,
                    registered_at=registered,
                    confirmed_at=registered + timedelta(hours=2)
                    if status == Member.Status.ACTIVE
                    else None,
                )
            )
        members = _bulk(Member, members, progress, "members")
        m_areas, m_sectors, m_emails = [], [], []
        member_type = ContentType.objects.get_for_model(Member)
        for member in members:
            for area in rng.sample(areas, rng.randint(1, 3)):
                m_areas.append(
                    Member.focus_areas.through(member_id=member.pk, focusarea_id=area.pk)
                )
            for sector in rng.sample(sectors, rng.randint(1, 2)):
                m_sectors.append(Member.sectors.through(member_id=member.pk, sector_id=sector.pk))
            m_emails.append(
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
        _bulk(Member.focus_areas.through, m_areas, progress, "member focus areas")
        _bulk(Member.sectors.through, m_sectors, progress, "member sectors")
        _bulk(Email, m_emails, progress, "member e-mails")
        active_members = [m for m in members if m.status == Member.Status.ACTIVE]

        # ------------------------------------------------------------ working groups
        orgs = list(Organisation.objects.all())
        if not orgs:
            orgs = [Organisation.objects.create(name="Department of Business", kind="department")]
        grouped = [
            (idea, path)
            for idea, path in zip(ideas, idea_paths, strict=True)
            if Stage.IN_GROUP in path
        ]
        rng.shuffle(grouped)
        grouped = grouped[: scale.groups]
        process_support = (
            staff[0] if staff else User.objects.create(username="large-support", is_staff=True)
        )
        groups, projects = [], []
        for n, (idea, path) in enumerate(grouped):
            completed = Stage.COMPLETED in path
            starts = (idea.submitted_at + timedelta(days=21)).date()
            public = rng.random() < 0.6
            status = WorkingGroup.Status.COMPLETED if completed else WorkingGroup.Status.ACTIVE
            groups.append(
                WorkingGroup(
                    name=idea.title[:200],
                    status=status,
                    goal=idea.description,
                    scope=idea.description[:200],
                    starts_on=starts,
                    cadence_days=rng.choice([14, 30, 91]),
                    lead_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    lead_email=f"lead{n}@{MARKER_DOMAIN}",
                    lead_language=idea.language,
                    process_support=process_support,
                    is_public=public,
                    next_report_due=None
                    if completed
                    else starts + timedelta(days=30 * rng.randint(1, 40)),
                    created_at=idea.submitted_at + timedelta(days=21),
                    completed_at=idea.submitted_at + timedelta(days=300) if completed else None,
                )
            )
            if public:
                projects.append(
                    (
                        n,
                        Project(
                            title=idea.title[:200],
                            slug=f"group-{n}-{idea.pk}",
                            summary=idea.description,
                            goal=idea.description[:300],
                            organisations=f"{idea.organisation_name}\n{rng.choice(orgs).name}",
                            municipality=idea.municipality.name if idea.municipality else "",
                            status=ProjectStatus.FINISHED if completed else ProjectStatus.ONGOING,
                            kind=ProjectKind.WORKING_GROUP,
                            start_date=starts,
                            start_year=starts.year,
                            is_public=True,
                        ),
                    )
                )
        for i in range(scale.groups // 10):
            lang = rng.choice(LANGS)
            title, topic = _title(rng, lang)
            starts = date.today() - timedelta(days=rng.randint(0, 2500))
            projects.append(
                (
                    None,
                    Project(
                        title=title,
                        slug=f"initiative-{i}",
                        summary=_text(rng, lang, topic, 3),
                        goal=_text(rng, lang, topic, 1),
                        organisations=_company(rng, i),
                        municipality=rng.choice(municipalities).name,
                        status=rng.choice(ProjectStatus.values),
                        start_date=starts,
                        start_year=starts.year,
                        is_public=rng.random() < 0.9,
                    ),
                )
            )
        groups = _bulk(WorkingGroup, groups, progress, "working groups")
        saved_projects = _bulk(Project, [p for _n, p in projects], progress, "projects")
        project_areas = []
        for (n, _p), project in zip(projects, saved_projects, strict=True):
            if n is not None:
                groups[n].project_id = project.pk
            for area in rng.sample(areas, rng.randint(1, 2)):
                project_areas.append(
                    Project.focus_areas.through(project_id=project.pk, focusarea_id=area.pk)
                )
        WorkingGroup.objects.bulk_update(
            [g for g in groups if g.project_id], ["project"], batch_size=BATCH
        )
        _bulk(Project.focus_areas.through, project_areas, progress, "project focus areas")
        _bulk(
            WorkingGroup.ideas.through,
            [
                WorkingGroup.ideas.through(workinggroup_id=g.pk, idea_id=idea.pk)
                for g, (idea, _path) in zip(groups, grouped, strict=True)
            ],
            progress,
            "group ideas",
        )
        participants, reports = [], []
        for group, (idea, path) in zip(groups, grouped, strict=True):
            for member in rng.sample(active_members, rng.randint(2, 5)):
                participants.append(
                    Participant(
                        group_id=group.pk,
                        side=Participant.Side.BUSINESS,
                        member_id=member.pk,
                        name=member.name,
                        email=member.email,
                        affiliation=member.company_name,
                    )
                )
            org = rng.choice(orgs)
            participants.append(
                Participant(
                    group_id=group.pk,
                    side=Participant.Side.MUNICIPAL,
                    organisation_id=org.pk,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    affiliation=org.name,
                )
            )
            for k in range(rng.randint(0, 3)):
                reports.append(
                    Report(
                        group_id=group.pk,
                        kind=Report.Kind.PROGRESS,
                        done=_text(rng, idea.language, rng.choice(TOPICS[idea.language]), 2),
                        next_steps=_text(rng, idea.language, rng.choice(TOPICS[idea.language]), 1),
                        filed_at=group.created_at + timedelta(days=30 * (k + 1)),
                    )
                )
            if Stage.COMPLETED in path:
                reports.append(
                    Report(
                        group_id=group.pk,
                        kind=Report.Kind.FINAL,
                        results=_text(rng, idea.language, rng.choice(TOPICS[idea.language]), 2),
                        lessons=_text(rng, idea.language, rng.choice(TOPICS[idea.language]), 2),
                        filed_at=group.completed_at or now,
                    )
                )
        _bulk(Participant, participants, progress, "participants")
        _bulk(Report, reports, progress, "reports")

        # -------------------------------------------------------- knowledge bank
        entries = []
        for i in range(scale.entries):
            lang = rng.choice(LANGS)
            title, topic = _title(rng, lang)
            published = rng.random() < 0.9
            at = now - timedelta(days=rng.randint(1, 2500))
            entries.append(
                Entry(
                    title=title,
                    slug=f"experience-{i}",
                    summary=_text(rng, lang, topic, 3),
                    results=_text(rng, lang, topic, 2),
                    experiences=_text(rng, lang, topic, 2),
                    lessons=_text(rng, lang, topic, 2),
                    partners=f"{_company(rng, i)}\n{rng.choice(orgs).name}",
                    year=at.year,
                    status=EntryStatus.PUBLISHED if published else EntryStatus.DRAFT,
                    published_at=at if published else None,
                )
            )
        entries = _bulk(Entry, entries, progress, "knowledge-bank entries")
        _bulk(
            Entry.focus_areas.through,
            [
                Entry.focus_areas.through(entry_id=e.pk, focusarea_id=rng.choice(areas).pk)
                for e in entries
            ],
            progress,
            "entry focus areas",
        )

        # bulk_create skipped save(), so the stored search vectors are still empty.
        for model in (Project, Entry, Member, Idea):
            model.search_vectors_rebuild()
            progress.step(1, f"search vectors of {model._meta.verbose_name_plural}")
    progress.finish()
    with connection.cursor() as cursor:
        # Bulk-loaded tables have no visibility map yet: VACUUM sets it, as autovacuum would in
        # a live database (index-only scans), and ANALYZE gives the planner its statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "ideas": len(ideas),
        "members": len(members),
        "groups": len(groups),
        "projects": len(saved_projects),
        "entries": len(entries),
    }
