"""Query budgets: every page issues a bounded number of queries, whatever the data size.

Each page is rendered with a little data and again with several times as much; the number
of queries must be the same both times and within the page's budget. A page whose count
grows with the rows (an N+1) fails here long before anyone feels it in production.
The anonymous page cache is switched off, so the views themselves are measured.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import PROCESS_SUPPORT, SCREENERS, roles_ensure
from ideas.models import InternalNote, StageChange
from ideas.services import idea_move
from ideas.stages import Stage
from workgroups.models import Participant, Report

from ..factories import (
    CriterionFactory,
    EntryFactory,
    FocusAreaFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
    SectorFactory,
    UserFactory,
    idea_form_data,
    working_group,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1, 4


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MEETREGION_PAGE_CACHE_SECONDS = 0


class World:
    """The data the pages show, grown in steps of `step` rows per kind."""

    def __init__(self, screener):
        self.screener = screener
        self.area = FocusAreaFactory(name="Climate and sustainability")
        self.other_area = FocusAreaFactory(name="Skills and jobs")
        self.sector = SectorFactory(name="Retail")
        self.municipality = MunicipalityFactory(name="Northvik")
        # A second municipality, whose ideas the Northvik staff's pages must leave out.
        self.other_municipality = MunicipalityFactory(name="Southby")
        self.org = OrganisationFactory(name="City Planning Office", municipality=self.municipality)
        CriterionFactory()
        CriterionFactory(municipality=self.municipality)
        self.idea = IdeaFactory(
            stage=Stage.ACCEPTED,
            title="Shared charging for delivery vans",
            description="Charging points for electric delivery vans at loading zones.",
            municipality=self.municipality,
        )
        self.idea.focus_areas.add(self.area)
        self.idea.sectors.add(self.sector)
        self.group = working_group(
            ideas=[IdeaFactory(stage=Stage.ACCEPTED, municipality=self.municipality)],
            process_support=screener,
        )
        self.project = ProjectFactory(title="Charging network for delivery vans")
        self.project.focus_areas.add(self.area)
        self.entry = EntryFactory(title="Charging delivery vans: what we learned")
        self.entry.focus_areas.add(self.area)
        self.member = MemberFactory(
            name="Anna Charging",
            municipality=self.municipality,
            sectors=[self.sector],
            focus_areas=[self.area],
        )
        self.n = 0

    def grow(self, step: int) -> None:
        for _ in range(step):
            self.n += 1
            n = self.n
            project = ProjectFactory(
                title=f"Charging project {n} for delivery vans",
                organisations=f"Partner {n} AB\nCity Planning Office",
            )
            project.focus_areas.add(self.area, self.other_area)
            # Shared with the municipality, so its page and filters grow as the lists do.
            project.municipalities.add(self.municipality)
            entry = EntryFactory(title=f"Charging lesson {n}", partners=f"Partner {n} AB")
            entry.focus_areas.add(self.area, self.other_area)
            entry.municipalities.add(self.municipality, MunicipalityFactory(name=f"Town {n}"))
            member = MemberFactory(
                municipality=self.municipality,
                sectors=[self.sector],
                focus_areas=[self.area, self.other_area],
            )
            IdeaFactory(
                title=f"Charging delivery vans idea {n}",
                is_public=True,
                description="Charging for delivery vans in the centre.",
                municipality=self.municipality,
            )
            other = IdeaFactory(
                stage=Stage.SUBMITTED, title=f"Idea {n}", municipality=self.municipality
            )
            other.focus_areas.add(self.area)
            # Ideas of the other municipality, and one shared by both.
            IdeaFactory(title=f"Southby idea {n}", municipality=self.other_municipality)
            IdeaFactory(
                title=f"Shared idea {n}",
                municipalities=[self.municipality, self.other_municipality],
            )
            Participant.objects.create(
                group=self.group,
                side=Participant.Side.BUSINESS,
                member=member,
                name=member.name,
                affiliation=member.company_name,
            )
            Participant.objects.create(
                group=self.group,
                side=Participant.Side.MUNICIPAL,
                organisation=self.org,
                name=f"Official {n}",
                affiliation=self.org.name,
            )
            Report.objects.create(group=self.group, kind=Report.Kind.PROGRESS, done=f"Step {n}")
            # Each by another person: the history and the notes name them.
            person = UserFactory(is_staff=True, first_name=f"Screener {n}")
            StageChange.objects.create(
                idea=self.idea,
                from_stage=Stage.SCREENING,
                to_stage=Stage.ACCEPTED,
                at=timezone.now() - timedelta(minutes=n),
                note=f"Note {n}",
                by=person,
            )
            InternalNote.objects.create(idea=self.idea, author=person, text=f"Seen {n}")
            # Another group for the same member, so the suggestions' load counts grow too.
            Participant.objects.create(
                group=working_group(
                    ideas=[IdeaFactory(stage=Stage.ACCEPTED)],
                    process_support=self.screener,
                    name=f"Group {n}",
                ),
                side=Participant.Side.BUSINESS,
                member=self.member,
                name=self.member.name,
            )


@pytest.fixture
def world(screener, django_capture_on_commit_callbacks):
    screener.groups.add(roles_ensure()[PROCESS_SUPPORT])
    with django_capture_on_commit_callbacks(execute=True):
        return World(screener)


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _counts_at_two_sizes(client, world, request_fn) -> tuple[int, int]:
    world.grow(SMALL)
    small = request_fn(client)
    world.grow(LARGE)
    large = request_fn(client)
    return small, large


def _of(world) -> str:
    return f"?municipality={world.municipality.slug}"


PUBLIC_PAGES = {
    # name: (budget, function of the world returning the URL)
    # Issue 17: +2, the two GROUP BY queries of the small charts (followup.public_charts).
    "home": (14, lambda w: reverse("portal:home")),
    "criteria": (8, lambda w: reverse("ideas:criteria")),
    "projects": (12, lambda w: reverse("projects:list")),
    "projects filtered": (
        14,
        lambda w: reverse("projects:list") + f"?focus_area={w.area.pk}&stage=ongoing",
    ),
    "project detail": (8, lambda w: w.project.get_absolute_url()),
    "knowledge bank": (12, lambda w: reverse("knowledgebank:list")),
    "knowledge bank search": (12, lambda w: reverse("knowledgebank:list") + "?q=charging"),
    "entry detail": (9, lambda w: w.entry.get_absolute_url()),
    "resource bank": (12, lambda w: reverse("resourcebank:directory")),
    "resource bank filtered": (
        14,
        lambda w: reverse("resourcebank:directory") + f"?sector={w.sector.pk}",
    ),
    "member profile": (9, lambda w: w.member.get_absolute_url()),
    "search": (14, lambda w: reverse("search:search") + "?q=charging"),
    # Issue 14: the public face per municipality.
    "municipality page": (13, lambda w: w.municipality.get_absolute_url()),
    "projects of a municipality": (12, lambda w: reverse("projects:list") + _of(w)),
    "knowledge bank of a municipality": (12, lambda w: reverse("knowledgebank:list") + _of(w)),
    "resource bank of a municipality": (
        13,
        lambda w: reverse("resourcebank:directory") + _of(w),
    ),
    "search of a municipality": (
        13,
        lambda w: reverse("search:search") + "?q=charging&" + _of(w)[1:],
    ),
    "project feed of a municipality": (4, lambda w: reverse("projects:feed") + _of(w)),
    "entry feed of a municipality": (4, lambda w: reverse("knowledgebank:feed") + _of(w)),
    "open data: projects of a municipality": (8, lambda w: reverse("api:projects_json") + _of(w)),
    "open data: entries of a municipality": (8, lambda w: reverse("api:entries_json") + _of(w)),
    "open data: members of a municipality": (8, lambda w: reverse("api:members_json") + _of(w)),
    # Issue 15: filter combinations nobody asked for a moment ago (never cached).
    "resource bank, word, focus area and municipality": (
        14,
        lambda w: (
            reverse("resourcebank:directory")
            + f"?q=member&focus_area={w.area.pk}&sector={w.sector.pk}&"
            + _of(w)[1:]
        ),
    ),
    "knowledge bank, word and focus area": (
        12,
        lambda w: reverse("knowledgebank:list") + f"?q=charging&focus_area={w.area.pk}",
    ),
    "projects, organisation and focus area": (
        14,
        lambda w: reverse("projects:list") + f"?organisation=city&focus_area={w.area.pk}",
    ),
    "submission start": (8, lambda w: reverse("ideas:create")),
    "submission form": (10, lambda w: reverse("ideas:create") + "?matter=idea"),
}


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_queries_do_not_grow_with_data(client, world, name):
    budget, url_of = PUBLIC_PAGES[name]
    small, large = _counts_at_two_sizes(client, world, lambda c: _count(c, "get", url_of(world)))
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{name}: {large} queries, budget {budget}"


def test_tracking_page_queries_do_not_grow_with_history(client, world, submitted):
    idea, token = submitted
    url = reverse("ideas:track", kwargs={"token": token})

    def render(c):
        idea_move(
            idea=idea,
            to=Stage.SCREENING
            if idea.stage == Stage.SUBMITTED
            else Stage.PAUSED
            if idea.stage != Stage.PAUSED
            else Stage.SCREENING,
            by=world.screener,
            note="A step",
        )
        # The first visit records the link's use (once an hour); measure the steady state.
        _count(c, "get", url)
        return _count(c, "get", url)

    small, large = _counts_at_two_sizes(client, world, render)
    assert small == large
    assert large <= 10


def test_duplicate_warning_step_queries_do_not_grow(client, world):
    def post(c):
        data = idea_form_data(
            title="Charging for delivery vans",
            description="Shared charging points for delivery vans in the centre.",
            focus_areas=[str(world.area.pk)],
        )
        with CaptureQueriesContext(connection) as ctx:
            response = c.post(reverse("ideas:create"), data)
        assert response.status_code == 200
        assert response.context["similar"], "the duplicate warning must show"
        return len(ctx.captured_queries)

    small, large = _counts_at_two_sizes(client, world, post)
    assert small == large
    assert large <= 14


@pytest.fixture(params=["coordinator", "municipal staff"])
def staff_client(request, client, world):
    """The region's coordinator, and a Northvik screener whose pages are narrowed to the
    ideas, groups and e-mails of Northvik (core.regions)."""
    if request.param == "coordinator":
        client.force_login(world.screener)
        return client
    roles = roles_ensure()
    person = UserFactory(is_staff=True, municipalities=[world.municipality])
    person.groups.add(roles[SCREENERS], roles[PROCESS_SUPPORT])
    client.force_login(person)
    return client


ADMIN_PAGES = {
    "admin index": (16, lambda w: reverse("admin:index")),
    "admin idea list": (14, lambda w: reverse("admin:ideas_idea_changelist")),
    "admin idea list filtered": (
        14,
        lambda w: reverse("admin:ideas_idea_changelist") + "?stage__exact=submitted",
    ),
    "admin idea change (suggestions, similar items)": (
        40,
        lambda w: reverse("admin:ideas_idea_change", args=[w.idea.pk]),
    ),
    "admin group change": (
        40,
        lambda w: reverse("admin:workgroups_workinggroup_change", args=[w.group.pk]),
    ),
    "admin group list": (14, lambda w: reverse("admin:workgroups_workinggroup_changelist")),
    # Issue 15: the other staff pages the benchmark measures.
    "admin idea list by stage, focus area and municipality": (
        14,
        lambda w: (
            reverse("admin:ideas_idea_changelist")
            + f"?stage__exact=accepted&focus_areas__id__exact={w.area.pk}"
            + f"&municipality={w.municipality.pk}"
        ),
    ),
    "admin idea list searched": (
        14,
        lambda w: reverse("admin:ideas_idea_changelist") + "?q=charging",
    ),
    "admin idea list, page 2": (14, lambda w: reverse("admin:ideas_idea_changelist") + "?p=2"),
    "admin member list": (14, lambda w: reverse("admin:resourcebank_member_changelist")),
    "admin member list filtered": (
        14,
        lambda w: (
            reverse("admin:resourcebank_member_changelist") + f"?sectors__id__exact={w.sector.pk}"
        ),
    ),
}


@pytest.mark.parametrize("name", list(ADMIN_PAGES))
def test_admin_page_queries_do_not_grow_with_data(staff_client, world, name):
    budget, url_of = ADMIN_PAGES[name]
    small, large = _counts_at_two_sizes(
        staff_client, world, lambda c: _count(c, "get", url_of(world))
    )
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{name}: {large} queries, budget {budget}"


def test_admin_member_change_queries_do_not_grow_with_data(staff_client, world):
    """A member's page: the first view in a while writes the audit of who saw personal data;
    measured in the steady state, as the tracking page."""
    url = reverse("admin:resourcebank_member_change", args=[world.member.pk])

    def render(c):
        _count(c, "get", url)
        return _count(c, "get", url)

    small, large = _counts_at_two_sizes(staff_client, world, render)
    assert small == large, f"{small} queries with little data, {large} with more"
    assert large <= 30


def test_idea_change_page_shows_suggestions_and_similar_items(staff_client, world):
    world.grow(2)
    response = staff_client.get(reverse("admin:ideas_idea_change", args=[world.idea.pk]))
    assert response.context["suggestions"]
    assert response.context["similar_items"]


# --- The dashboard with the rights applied (issue 14) ---------------------------------------
# The same page for a municipality's staff (their own), a coordinator choosing one
# municipality and a coordinator for the whole region: each narrowed by core.regions, with
# the charts computed (no cache in the tests), at two data sizes.

DASHBOARD_BUDGET = 16  # as the admin index above: the rights cost no query more
DASHBOARDS = {
    "a municipality's staff, their own": ("local", {}),
    "a coordinator, one municipality": ("screener", {"municipality": "northvik"}),
    "a coordinator, the whole region": ("screener", {"municipality": "region"}),
}


def _grow_in_municipalities(world, step: int) -> None:
    """The world's rows, and as many again that belong to Northvik: ideas stalled in
    screening and due for revival, one shared with another municipality, an overdue group,
    a published entry."""
    world.grow(step)
    other = MunicipalityFactory(name="Southby")
    for n in range(step):
        stalled = IdeaFactory(
            stage=Stage.SCREENING,
            stage_changed_at=timezone.now() - timedelta(days=30),
            municipality=world.municipality,
        )
        StageChange.objects.create(
            idea=stalled, from_stage="", to_stage=Stage.SUBMITTED, at=timezone.now()
        )
        IdeaFactory(
            stage=Stage.PAUSED,
            revive_on=timezone.localdate(),
            municipalities=[world.municipality, other],
        )
        group = working_group(
            ideas=[IdeaFactory(stage=Stage.ACCEPTED, municipality=world.municipality)],
            process_support=world.screener,
            name=f"Northvik group {world.n}-{n}",
        )
        group.municipalities.set([world.municipality])
        type(group).objects.filter(pk=group.pk).update(
            next_report_due=timezone.localdate() - timedelta(days=3)
        )
        EntryFactory(title=f"Northvik lesson {world.n}-{n}").municipalities.add(world.municipality)


@pytest.mark.parametrize("name", list(DASHBOARDS))
def test_dashboard_queries_in_each_scope_do_not_grow_with_data(client, world, name):
    local = UserFactory(username="local", is_staff=True, municipalities=[world.municipality])
    local.groups.add(roles_ensure()[SCREENERS])
    world.municipality.slug = "northvik"
    world.municipality.save()
    username, params = DASHBOARDS[name]
    client.force_login(local if username == "local" else world.screener)
    url = reverse("admin:index")

    def render():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["dashboard"].stalled.total > 0
        return len(ctx.captured_queries)

    _grow_in_municipalities(world, SMALL)
    small = render()
    _grow_in_municipalities(world, LARGE)
    large = render()
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= DASHBOARD_BUDGET, f"{name}: {large} queries, budget {DASHBOARD_BUDGET}"
