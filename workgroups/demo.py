"""Demo working groups for the quick start (called from the demo app's seed_demo). Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from core.models import Municipality
from core.tokens import absolute_url
from ideas.demo import municipal_idea_titles
from ideas.models import Idea
from ideas.stages import Stage
from projects.demo import projects_focus_areas_large
from projects.models import Project, ProjectKind, ProjectStatus
from resourcebank.models import Member, Sector

from . import services
from .models import (
    LeadLink,
    Organisation,
    OrganisationContact,
    Participant,
    Report,
    WorkingGroup,
)

# Municipal organisations: (name, kind, municipality, contacts).
ORGANISATIONS = [
    (
        "Department of Education and Labour",
        Organisation.Kind.DEPARTMENT,
        "Eastholm",
        [("Karin Holm", "Head of adult education", "karin.holm@eastholm.demo-region.example")],
    ),
    (
        "City Planning Office",
        Organisation.Kind.DEPARTMENT,
        "Northvik",
        [("Per Sund", "Planning architect", "per.sund@northvik.demo-region.example")],
    ),
    (
        "Board of Culture and Leisure",
        Organisation.Kind.BOARD,
        "Southby",
        [("Nora Vik", "Secretary", "nora.vik@southby.demo-region.example")],
    ),
    (
        "City Harbour Properties",
        Organisation.Kind.COMPANY,
        "Northvik",
        [("Tom Berg", "Property manager", "tom.berg@harbour.example")],
    ),
    (
        "Southby Care Administration",
        Organisation.Kind.DEPARTMENT,
        "Southby",
        [("Lina Ström", "Innovation lead", "lina.strom@southby.demo-region.example")],
    ),
    (
        "Eastholm Business Office",
        Organisation.Kind.DEPARTMENT,
        "Eastholm",
        [("Omar Aziz", "Business developer", "omar.aziz@eastholm.demo-region.example")],
    ),
    (
        "Regional Development Council",
        Organisation.Kind.PUBLIC,
        None,
        [("Ulla Berg", "Regional developer", "ulla.berg@region.demo-region.example")],
    ),
]

# The municipal organisation that takes part in each municipality's own groups.
MUNICIPAL_SIDE = {
    "Northvik": "City Planning Office",
    "Southby": "Southby Care Administration",
    "Eastholm": "Eastholm Business Office",
}

# Ideas get the sectors and municipality staff would set while screening, so the
# suggestions on an accepted idea have something to rank by.
IDEA_MATCHING = {
    "Summer jobs for young people in local shops": ["Retail"],
    "Mentoring newly arrived engineers": ["Manufacturing", "IT and digital services"],
}

GROUP_IDEA = "Mentoring newly arrived engineers"


def seed_groups(stdout=None, *, process_support, staff: dict | None = None) -> str | None:
    """The organisations, a working group across Eastholm and Northvik (its lead's link is
    printed), and for each municipality with staff one active group and one finished."""
    places = {m.name: m for m in Municipality.objects.all()}
    with transaction.atomic():
        orgs = {}
        for name, kind, town, contacts in ORGANISATIONS:
            org, _created = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind, "municipality": places.get(town)}
            )
            for contact_name, role, email in contacts:
                OrganisationContact.objects.get_or_create(
                    organisation=org, email=email, defaults={"name": contact_name, "role": role}
                )
            orgs[name] = org
        for title, sectors in IDEA_MATCHING.items():
            idea = Idea.objects.filter(title=title).first()
            if idea and not idea.sectors.exists():
                idea.sectors.set(Sector.objects.filter(name__in=sectors))
        group = WorkingGroup.objects.filter(ideas__title=GROUP_IDEA).first()
        idea = Idea.objects.filter(title=GROUP_IDEA, stage=Stage.ACCEPTED).first()
        if group is None and idea is not None:
            group = services.group_create(
                ideas=[idea],
                name="Mentoring for newly arrived engineers",
                mandate=services.Mandate(
                    goal="Match 30 newly arrived engineers with mentors in local companies "
                    "within a year.",
                    scope="Engineering and IT companies in the region; the municipality's "
                    "adult education and labour services.",
                    expected_result="A mentoring programme that runs on its own, and a "
                    "guide for other regions.",
                    cadence_days=30,
                ),
                lead_name="Leila Karimi",
                lead_email="leila.karimi@engineers.example",
                process_support=process_support,
                is_public=True,
            )
            member = Member.objects.active().filter(name="Maria Nilsson").first()
            if member:
                Participant.objects.create(
                    group=group,
                    side=Participant.Side.BUSINESS,
                    member=member,
                    name=member.name,
                    email=member.email,
                    affiliation=member.company_name,
                    role="Mentor coordinator",
                )
            # Across borders: each municipality the idea concerns staffs its side.
            for org_name, role in (
                ("Department of Education and Labour", "Municipal lead"),
                ("City Planning Office", "Municipal contact in Northvik"),
            ):
                _municipal_participant(group, orgs[org_name], role)
            services.report_file(
                group=group,
                done="Recruited 12 mentors from six companies; first matching evening held.",
                next_steps="Second matching evening in March; survey of the first pairs.",
            )
        _seed_municipal_groups(staff or {}, orgs)
    if group is None:
        return None
    # A fresh link each run: only hashes are stored, so the old one cannot be printed again.
    token = services.lead_link_create(group=group)
    url = absolute_url(LeadLink.url_for(token))
    if stdout is not None:
        stdout.write(f"  Demo group lead's report link: {url}\n")
    return url


def _municipal_participant(group, org, role) -> None:
    contact = OrganisationContact.objects.filter(organisation=org).first()
    Participant.objects.create(
        group=group,
        side=Participant.Side.MUNICIPAL,
        organisation=org,
        name=contact.name,
        email=contact.email,
        role=role,
    )


def _seed_municipal_groups(staff: dict, orgs: dict) -> None:
    """For each municipality with staff of its own: its "in a working group" idea gets an
    active group, its "completed" idea a group that filed its final report (the knowledge-
    bank draft waits for review). Both sides take part in each."""
    active = municipal_idea_titles(Stage.IN_GROUP)
    finished = municipal_idea_titles(Stage.COMPLETED)
    for name, support in staff.items():
        for title, done in ((active.get(name), False), (finished.get(name), True)):
            idea = Idea.objects.filter(title=title, stage=Stage.ACCEPTED).first()
            if idea is None:
                continue
            group = services.group_create(
                ideas=[idea],
                name=title,
                mandate=services.Mandate(
                    goal=f"{title}: agree on a plan and carry it out within a year.",
                    cadence_days=30,
                ),
                lead_name=f"Lead of {title[:40]}",
                lead_email=f"lead.{slugify(title)[:30]}@demo-region.example",
                process_support=support,
                is_public=True,
                by=support,
            )
            member = Member.objects.active().filter(municipality__name=name).first()
            if member is not None:
                Participant.objects.create(
                    group=group,
                    side=Participant.Side.BUSINESS,
                    member=member,
                    name=member.name,
                    email=member.email,
                    affiliation=member.company_name,
                )
            _municipal_participant(group, orgs[MUNICIPAL_SIDE[name]], "Municipal lead")
            services.report_file(
                group=group,
                done="Kick-off held; a plan with both sides agreed.",
                next_steps="First actions in the spring.",
            )
            if done:
                company = member.company_name if member else ""
                services.group_complete(
                    group=group,
                    results="The plan was carried out and is now part of everyday work.",
                    experiences="Meeting every month kept both sides on board.",
                    lessons="Agree early on who owns the result once the group is done.",
                    partners=f"{company}\n{MUNICIPAL_SIDE[name]}",
                )


# -------------------------------------------------------------------- the large data set


def seed_large(ctx, *, ideas: list, members: list) -> tuple[list, list, list]:
    """Up to `ctx.scale.groups` working groups, one per idea that reached a group (six in ten
    public, with their project page), with members and a municipal organisation taking part,
    progress reports and, for the completed ones, the final report. Returns (groups, their
    projects, the municipal organisations)."""
    rng = ctx.rng
    orgs = list(Organisation.objects.all()) or [
        Organisation.objects.create(name="Department of Business", kind="department")
    ]
    grouped = [(idea, path) for idea, path in ideas if Stage.IN_GROUP in path]
    rng.shuffle(grouped)
    grouped = grouped[: ctx.scale.groups]
    process_support = (
        ctx.staff[0]
        if ctx.staff
        else get_user_model().objects.create(username="large-support", is_staff=True)
    )
    groups, projects = [], []
    for n, (idea, path) in enumerate(grouped):
        group, project = _large_group(ctx, n, idea, path, process_support, orgs)
        groups.append(group)
        if project is not None:
            projects.append((n, project))
    groups = ctx.bulk(WorkingGroup, groups, "working groups")
    saved = ctx.bulk(Project, [p for _n, p in projects], "projects")
    for (n, _p), project in zip(projects, saved, strict=True):
        groups[n].project_id = project.pk
    WorkingGroup.objects.bulk_update(
        [g for g in groups if g.project_id], ["project"], batch_size=ctx.batch
    )
    projects_focus_areas_large(ctx, saved)
    # A group works for the municipality handling its idea; its project page says so too.
    places = {g.pk: idea.handled_by_id for g, (idea, _path) in zip(groups, grouped, strict=True)}
    ctx.bulk(
        WorkingGroup.municipalities.through,
        [
            WorkingGroup.municipalities.through(workinggroup_id=g, municipality_id=m)
            for g, m in places.items()
            if m is not None
        ],
        "group municipalities",
    )
    ctx.bulk(
        Project.municipalities.through,
        [
            Project.municipalities.through(project_id=g.project_id, municipality_id=places[g.pk])
            for g in groups
            if g.project_id and places[g.pk] is not None
        ],
        "project municipalities",
    )
    ctx.bulk(
        WorkingGroup.ideas.through,
        [
            WorkingGroup.ideas.through(workinggroup_id=g.pk, idea_id=idea.pk)
            for g, (idea, _path) in zip(groups, grouped, strict=True)
        ],
        "group ideas",
    )
    active = [m for m in members if m.status == Member.Status.ACTIVE]
    participants, reports = [], []
    for group, (idea, path) in zip(groups, grouped, strict=True):
        participants += _large_participants(ctx, group, active, orgs)
        reports += _large_reports(ctx, group, idea, path)
    ctx.bulk(Participant, participants, "participants")
    ctx.bulk(Report, reports, "reports")
    return groups, saved, orgs


def _large_group(ctx, n, idea, path, process_support, orgs):
    rng, text = ctx.rng, ctx.text
    completed = Stage.COMPLETED in path
    starts = (idea.submitted_at + timedelta(days=21)).date()
    public = rng.random() < 0.6
    group = WorkingGroup(
        name=idea.title[:200],
        status=WorkingGroup.Status.COMPLETED if completed else WorkingGroup.Status.ACTIVE,
        goal=idea.description,
        scope=idea.description[:200],
        starts_on=starts,
        cadence_days=rng.choice([14, 30, 91]),
        lead_name=f"{rng.choice(text.FIRST)} {rng.choice(text.LAST)}",
        lead_email=f"lead{n}@{ctx.marker_domain}",
        lead_language=idea.language,
        process_support=process_support,
        is_public=public,
        next_report_due=None if completed else starts + timedelta(days=30 * rng.randint(1, 40)),
        created_at=idea.submitted_at + timedelta(days=21),
        completed_at=idea.submitted_at + timedelta(days=300) if completed else None,
    )
    if not public:
        return group, None
    project = Project(
        title=idea.title[:200],
        slug=f"group-{n}-{idea.pk}",
        summary=idea.description,
        goal=idea.description[:300],
        organisations=f"{idea.organisation_name}\n{rng.choice(orgs).name}",
        status=ProjectStatus.FINISHED if completed else ProjectStatus.ONGOING,
        kind=ProjectKind.WORKING_GROUP,
        start_date=starts,
        start_year=starts.year,
        is_public=True,
    )
    return group, project


def _large_participants(ctx, group, active_members, orgs) -> list[Participant]:
    rng, text = ctx.rng, ctx.text
    participants = [
        Participant(
            group_id=group.pk,
            side=Participant.Side.BUSINESS,
            member_id=member.pk,
            name=member.name,
            email=member.email,
            affiliation=member.company_name,
        )
        for member in rng.sample(active_members, rng.randint(2, 5))
    ]
    org = rng.choice(orgs)
    participants.append(
        Participant(
            group_id=group.pk,
            side=Participant.Side.MUNICIPAL,
            organisation_id=org.pk,
            name=f"{rng.choice(text.FIRST)} {rng.choice(text.LAST)}",
            affiliation=org.name,
        )
    )
    return participants


def _large_reports(ctx, group, idea, path) -> list[Report]:
    rng, text = ctx.rng, ctx.text
    lang = idea.language

    def words(sentences: int) -> str:
        return text.text(rng, lang, rng.choice(text.TOPICS[lang]), sentences)

    reports = [
        Report(
            group_id=group.pk,
            kind=Report.Kind.PROGRESS,
            done=words(2),
            next_steps=words(1),
            filed_at=group.created_at + timedelta(days=30 * (k + 1)),
        )
        for k in range(rng.randint(0, 3))
    ]
    if Stage.COMPLETED in path:
        reports.append(
            Report(
                group_id=group.pk,
                kind=Report.Kind.FINAL,
                results=words(2),
                lessons=words(2),
                filed_at=group.completed_at or ctx.now,
            )
        )
    return reports
