"""Demo data of the ideas app: the published criteria and seven ideas in every stage.

Called by the demo app's `seed_demo`; idempotent. The ideas go through the real services, so
their histories and outbox rows are genuine.
"""

import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from core.demo import translations_fill
from core.models import Municipality
from notifications.models import Email

from .models import CollaborationKind, Criterion, Idea, OrganisationType, StageChange
from .services import idea_move, idea_submit
from .stages import Stage

NAMESPACE = uuid.UUID("6f1c2b8e-1a2d-4a8e-9a57-3d1f0c9b7e11")

CRITERIA = [
    (
        "The idea aims at collaboration between business and the municipality",
        "The one essential criterion: the idea aims at collaboration between the business "
        "community and the municipality – possibly with other public actors or organisations – "
        "for business development and a socially sustainable region. For example a joint "
        "working group or co-financing of an effort.",
    ),
    (
        "Both sides take part",
        "A collaboration is only fruitful when both the business community and the municipality "
        "contribute people and time.",
    ),
    (
        "Not a service or authority matter",
        "Questions about permits, supervision or other exercise of public authority are handled "
        "by the business pilot, not through this portal.",
    ),
]

IDEAS = [
    # (title, organisation, type, kind, focus areas, path of stages)
    (
        "Summer jobs for young people in local shops",
        "Centrum Handel AB",
        "business",
        "working_group",
        ["Skills and jobs", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.ACCEPTED],
    ),
    (
        "A shared charging network for delivery vans",
        "Green Logistics Sweden AB",
        "business",
        "co_financing",
        ["Climate and sustainability", "Urban development"],
        [Stage.SCREENING],
    ),
    (
        "Open data on vacant commercial premises",
        "Department of City Planning",
        "municipal_department",
        "knowledge",
        ["Innovation and digitalisation", "Urban development"],
        [],
    ),
    (
        "An international conference on social sustainability",
        "Region Events Ltd",
        "business",
        "co_financing",
        ["Events and visitors", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.PAUSED],
    ),
    (
        "Faster building permits for our new warehouse",
        "Hansson Bygg AB",
        "business",
        "other",
        ["Urban development"],
        [Stage.REFERRED],
    ),
    (
        "Mentoring newly arrived engineers",
        "Engineers Without Borders (local chapter)",
        "other",
        "working_group",
        ["Skills and jobs", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.ACCEPTED],
    ),
    (
        "Sponsored city-centre Christmas lights",
        "City Harbour Properties",
        "municipal_company",
        "co_financing",
        ["Events and visitors"],
        [Stage.SCREENING, Stage.DECLINED],
    ),
]

# Where each of those concerns (none: the whole region).
IDEA_PLACES = {
    "Summer jobs for young people in local shops": ["Northvik"],
    "A shared charging network for delivery vans": ["Northvik", "Southby"],
    "Open data on vacant commercial premises": ["Eastholm"],
    "An international conference on social sustainability": [],
    "Faster building permits for our new warehouse": ["Southby"],
    "Mentoring newly arrived engineers": ["Eastholm", "Northvik"],
    "Sponsored city-centre Christmas lights": ["Northvik"],
}

# Each municipality with staff of its own gets an idea in every stage, screened by its own
# people: (title, organisation, type, focus area). The last two of each list are taken on by
# working groups (workgroups.demo), one of which has finished.
STAGE_PATHS = {
    Stage.SUBMITTED: [],
    Stage.SCREENING: [Stage.SCREENING],
    Stage.ACCEPTED: [Stage.SCREENING, Stage.ACCEPTED],
    Stage.PAUSED: [Stage.SCREENING, Stage.PAUSED],
    Stage.DECLINED: [Stage.SCREENING, Stage.DECLINED],
    Stage.REFERRED: [Stage.REFERRED],
    # Accepted here; the working groups' demo forms their groups.
    Stage.IN_GROUP: [Stage.SCREENING, Stage.ACCEPTED],
    Stage.COMPLETED: [Stage.SCREENING, Stage.ACCEPTED],
}
MUNICIPAL_IDEAS = {
    "Northvik": [
        (
            "Shore power for visiting ships in the harbour",
            "Northvik Ferries AB",
            "business",
            "Climate and sustainability",
        ),
        (
            "A freight consolidation centre at the port",
            "Port Logistics AB",
            "business",
            "Urban development",
        ),
        (
            "Apprenticeships at the harbour for young people",
            "Northvik Stevedoring",
            "business",
            "Skills and jobs",
        ),
        ("A seafood festival on the quay", "Quayside Restaurants", "other", "Events and visitors"),
        (
            "Free parking for our delivery trucks",
            "Fast Freight AB",
            "business",
            "Urban development",
        ),
        (
            "Permission to extend our warehouse in the port area",
            "Harbour Storage AB",
            "business",
            "Urban development",
        ),
        (
            "A joint recruitment day for logistics companies",
            "Northvik Logistics Network",
            "other",
            "Skills and jobs",
        ),
        (
            "Shared security patrols in the industrial area",
            "Industrial Estate Association",
            "other",
            "Inclusion and social sustainability",
        ),
    ],
    "Southby": [
        (
            "Local food in the hospital kitchen",
            "Southby Farmers",
            "other",
            "Climate and sustainability",
        ),
        (
            "Farm shops along the cycle route",
            "Green Valley Farm",
            "business",
            "Events and visitors",
        ),
        (
            "Biogas from farm waste for the bus depot",
            "Southby Energy AB",
            "municipal_company",
            "Climate and sustainability",
        ),
        (
            "A food innovation hub in the old dairy",
            "Dairy Heritage Foundation",
            "other",
            "Innovation and digitalisation",
        ),
        (
            "A golf course on municipal farmland",
            "Southby Golf AB",
            "business",
            "Events and visitors",
        ),
        ("Planning permission for a new barn", "Holm Family Farm", "business", "Urban development"),
        (
            "Care technology tested with local companies",
            "Care Department of Southby",
            "municipal_department",
            "Innovation and digitalisation",
        ),
        ("Summer jobs on farms for young people", "Southby Farmers", "other", "Skills and jobs"),
    ],
    "Eastholm": [
        (
            "A start-up desk at the library",
            "Eastholm Innovation Office",
            "municipal_department",
            "Innovation and digitalisation",
        ),
        (
            "Traffic data for app developers",
            "Eastholm Apps AB",
            "business",
            "Innovation and digitalisation",
        ),
        (
            "Student projects with local IT companies",
            "Eastholm University",
            "other",
            "Skills and jobs",
        ),
        ("A tech conference in Eastholm", "Eastholm Tech Week", "other", "Events and visitors"),
        (
            "Municipal funding for our product launch",
            "Gadget Start AB",
            "business",
            "Innovation and digitalisation",
        ),
        (
            "Supervision of our lab's chemical storage",
            "Eastholm Lab AB",
            "business",
            "Climate and sustainability",
        ),
        (
            "Digital skills for small shops",
            "Eastholm Retailers",
            "other",
            "Innovation and digitalisation",
        ),
        ("Fibre to the business park", "Business Park Association", "other", "Urban development"),
    ],
}
MUNICIPAL_STAGES = list(STAGE_PATHS)

NOTES = {
    Stage.SCREENING: "We have started screening your idea and are looking at similar work.",
    Stage.ACCEPTED: "Your idea meets the criteria. We are now looking for the right people.",
    Stage.PAUSED: "The timing is not right this year; we will look again after the budget "
    "decision in the spring.",
    Stage.DECLINED: "A similar effort is already under way in the city-centre association; "
    "we have passed on your contact details to them.",
    Stage.REFERRED: "Building permits are an authority matter; the business pilot will contact "
    "you.",
}

CRITERIA_TRANSLATIONS = {
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


def seed_criteria() -> None:
    for i, (title, explanation) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            title=title, defaults={"explanation": explanation, "order": i}
        )


def seed_ideas(*, areas: dict, screener, staff: dict | None = None) -> int:
    """File the demo ideas and move them along their paths; return how many were new.
    `staff`: the staff member of each municipality, who screens its own ideas (the
    region's coordinator, `screener`, screens the rest)."""
    places = {m.name: m for m in Municipality.objects.all()}
    created = 0
    for title, org, org_type, kind, area_names, path in IDEAS:
        municipalities = [places[name] for name in IDEA_PLACES[title] if name in places]
        created += _seed_idea(
            title,
            org,
            org_type,
            kind,
            [areas[n] for n in area_names],
            path,
            municipalities,
            screener,
        )
    for name, rows in MUNICIPAL_IDEAS.items():
        if name not in places:
            continue
        mover = (staff or {}).get(name, screener)
        for (title, org, org_type, area), stage in zip(rows, MUNICIPAL_STAGES, strict=True):
            focus = [areas[area]] if area in areas else []
            created += _seed_idea(
                title,
                org,
                org_type,
                "working_group",
                focus,
                STAGE_PATHS[stage],
                [places[name]],
                mover,
            )
    return created


def _seed_idea(title, org, org_type, kind, focus_areas, path, municipalities, mover) -> int:
    key = uuid.uuid5(NAMESPACE, title)
    if Idea.objects.filter(submission_key=key).exists():
        return 0
    slug = org.lower().split()[0].strip("()")
    submission = idea_submit(
        data={
            "organisation_name": org,
            "organisation_type": org_type,
            "contact_name": "Alex Andersson",
            "email": f"contact@{slug}.example",
            "title": title,
            "description": (
                f"{title}. We would like to work with the municipality on this because "
                "it strengthens local business and a socially sustainable region."
            ),
            "collaboration_kind": kind,
            "wants_to_take_part": True,
            "accepted_criteria": True,
            "acknowledged_no_guarantee": True,
        },
        focus_areas=focus_areas,
        language="en",
        submission_key=key,
        municipalities=municipalities,
    )
    for stage in path:
        idea_move(idea=submission.idea, to=stage, by=mover, note=NOTES.get(stage, ""))
    return 1


def municipal_idea_titles(stage: str) -> dict[str, str]:
    """The title of each municipality's demo idea meant for `stage`, by municipality name."""
    index = MUNICIPAL_STAGES.index(stage)
    return {name: rows[index][0] for name, rows in MUNICIPAL_IDEAS.items()}


def seed_translations() -> None:
    for criterion in Criterion.objects.filter(title_en__in=CRITERIA_TRANSLATIONS):
        (sv_title, sv_text), (nb_title, nb_text) = CRITERIA_TRANSLATIONS[criterion.title_en]
        changed = translations_fill(criterion, "title", sv_title, nb_title)
        changed = translations_fill(criterion, "explanation", sv_text, nb_text) or changed
        if changed:
            criterion.save()


# -------------------------------------------------------------------- the large data set

# A marker: the large set's ideas (and its other rows) all come from this address domain.
LARGE_MARKER_DOMAIN = "large.meetregion.example"

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


def large_seed_exists() -> bool:
    return Idea.objects.filter(email__endswith="@" + LARGE_MARKER_DOMAIN).exists()


def seed_large(ctx) -> list[tuple[Idea, list]]:
    """`ctx.scale.ideas` ideas over every stage, with their focus areas, sectors, stage
    histories and sent e-mails; returns each idea with the path of stages it went through."""
    rng, text = ctx.rng, ctx.text
    paths = [p for p, share in PATHS for _ in range(share)]
    ideas, idea_paths = [], []
    for i in range(ctx.scale.ideas):
        lang = rng.choice(text.LANGS)
        title, topic = text.title(rng, lang)
        path = rng.choice(paths)
        submitted = ctx.now - timedelta(days=rng.randint(1, 3650), minutes=rng.randint(0, 1440))
        ideas.append(
            Idea(
                stage=path[-1] if path else Stage.SUBMITTED,
                stage_changed_at=submitted + timedelta(days=7 * len(path)),
                organisation_name=text.company(rng, i),
                organisation_type=rng.choice(OrganisationType.values),
                contact_name=f"{rng.choice(text.FIRST)} {rng.choice(text.LAST)}",
                email=f"idea{i}@{ctx.marker_domain}",
                title=title[:200],
                description=text.text(rng, lang, topic),
                collaboration_kind=rng.choice(CollaborationKind.values),
                wants_to_take_part=rng.random() < 0.6,
                accepted_criteria=True,
                acknowledged_no_guarantee=True,
                language=lang,
                submitted_at=submitted,
                # One in fifty concerns the whole region (the coordinating unit's).
                handled_by=rng.choice(ctx.municipalities) if rng.random() >= 0.02 else None,
                is_public=rng.random() < 0.02,
            )
        )
        idea_paths.append(path)
    ideas = ctx.bulk(Idea, ideas, "ideas")
    with connection.cursor() as cursor:
        # The reference the submission service gives: year and primary key.
        cursor.execute(
            "UPDATE ideas_idea SET reference = to_char(submitted_at, 'YYYY') || '-' "
            "|| lpad(id::text, greatest(5, length(id::text)), '0') "
            "WHERE reference IS NULL AND email LIKE %s",
            ["%@" + ctx.marker_domain],
        )
    area_links, sector_links = [], []
    for idea in ideas:
        for area in rng.sample(ctx.areas, rng.randint(1, 2)):
            area_links.append(Idea.focus_areas.through(idea_id=idea.pk, focusarea_id=area.pk))
        for sector in rng.sample(ctx.sectors, rng.randint(0, 2)):
            sector_links.append(Idea.sectors.through(idea_id=idea.pk, sector_id=sector.pk))
    ctx.bulk(Idea.focus_areas.through, area_links, "idea focus areas")
    ctx.bulk(Idea.sectors.through, sector_links, "idea sectors")
    # The municipality handling it, and for one in ten a second one it concerns.
    place_links = []
    for idea in ideas:
        if idea.handled_by_id is None:
            continue
        places = {idea.handled_by_id}
        if rng.random() < 0.1:
            places.add(rng.choice(ctx.municipalities).pk)
        place_links += [
            Idea.municipalities.through(idea_id=idea.pk, municipality_id=m) for m in places
        ]
    ctx.bulk(Idea.municipalities.through, place_links, "idea municipalities")
    _large_histories(ctx, ideas, idea_paths)
    return list(zip(ideas, idea_paths, strict=True))


def _large_histories(ctx, ideas: list[Idea], idea_paths: list) -> None:
    idea_type = ContentType.objects.get_for_model(Idea)
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
                    by=ctx.rng.choice(ctx.staff) if ctx.staff and previous else None,
                    note="" if stage == Stage.SUBMITTED else f"{Stage(stage).label}.",
                )
            )
            emails.append(
                Email(
                    kind="idea_received" if not previous else "idea_stage_changed",
                    to=idea.email,
                    language=idea.language,
                    # The reference was set by SQL after the insert; the subject only needs
                    # to look like the real ones.
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
    ctx.bulk(StageChange, changes, "stage changes")
    ctx.bulk(Email, emails, "e-mails")
