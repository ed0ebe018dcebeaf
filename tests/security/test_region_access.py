"""Staff rights by municipality: an access matrix over the admin's URLs and the services, with
staff of Northvik, staff of Southby and a region coordinator. Nobody sees or changes what
belongs to another municipality; an idea shared by two is seen by each; the whole region's
is the coordinators'."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from core.regions import COORDINATORS, OutOfScope, staff_scope
from core.roles import PROCESS_SUPPORT, SCREENERS, roles_ensure
from ideas.models import StageChange
from ideas.services import idea_move
from ideas.stages import Stage
from notifications.models import Email
from workgroups import services as groups

from ..factories import (
    EntryFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
    working_group,
)

pytestmark = pytest.mark.django_db


@dataclass
class Region:
    north: object
    south: object
    ideas: dict  # "north", "south", "shared", "region" -> Idea
    groups: dict
    projects: dict
    entries: dict
    members: dict
    people: dict  # "north", "south", "coordinator" -> User


def _staff(username, municipalities=(), coordinator=False):
    user = UserFactory(username=username, is_staff=True, municipalities=list(municipalities))
    roles = roles_ensure()
    user.groups.add(roles[SCREENERS], roles[PROCESS_SUPPORT])
    if coordinator:
        user.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])
    return user


@pytest.fixture
def region(django_capture_on_commit_callbacks):
    north, south = MunicipalityFactory(name="Northvik"), MunicipalityFactory(name="Southby")
    people = {
        "north": _staff("nora-north", [north]),
        "south": _staff("sven-south", [south]),
        "coordinator": _staff("cora-coordinator", coordinator=True),
    }
    ideas = {
        "north": IdeaFactory(title="Idea of Northvik", municipality=north, stage=Stage.ACCEPTED),
        "south": IdeaFactory(title="Idea of Southby", municipality=south, stage=Stage.ACCEPTED),
        "shared": IdeaFactory(title="Idea of both", municipalities=[north, south]),
        "region": IdeaFactory(title="Idea of the whole region"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("north", "south"):
            idea_move(idea=ideas[name], to=Stage.PAUSED, by=people["coordinator"])
            idea_move(idea=ideas[name], to=Stage.ACCEPTED, by=people["coordinator"])
    group_ideas = {
        "north": IdeaFactory(title="Grouped in Northvik", municipality=north, stage="accepted"),
        "south": IdeaFactory(title="Grouped in Southby", municipality=south, stage="accepted"),
    }
    made_groups = {
        name: working_group(
            ideas=[idea], name=f"Group of {idea.title}", process_support=people[name]
        )
        for name, idea in group_ideas.items()
    }
    projects = {"north": ProjectFactory(title="Project of Northvik", municipality="Northvik")}
    projects["south"] = ProjectFactory(title="Project of Southby", municipality="Southby")
    entries = {}
    for name, place in (("north", north), ("south", south)):
        entry = EntryFactory(title=f"Draft of {place.name}", status="draft", published_at=None)
        entry.municipalities.set([place])
        entries[name] = entry
    members = {
        "north": MemberFactory(name="Nils North", email="nils@north.example", municipality=north),
        "south": MemberFactory(name="Sara South", email="sara@south.example", municipality=south),
    }
    return Region(north, south, ideas, made_groups, projects, entries, members, people)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# Who may see each idea: staff of its municipalities, and the coordinators.
IDEA_SEEN_BY = {
    "north": {"north", "coordinator"},
    "south": {"south", "coordinator"},
    "shared": {"north", "south", "coordinator"},
    "region": {"coordinator"},
}
PERSONS = ("north", "south", "coordinator")


@pytest.mark.parametrize("person", PERSONS)
def test_each_idea_page_and_move_page_opens_only_for_staff_in_its_scope(region, person):
    client = _client(region.people[person])
    for name, idea in region.ideas.items():
        allowed = person in IDEA_SEEN_BY[name]
        change = client.get(f"/admin/ideas/idea/{idea.pk}/change/")
        move = client.get(f"/admin/ideas/idea/{idea.pk}/move/?to=screening")
        history = client.get(f"/admin/ideas/idea/{idea.pk}/history/")
        if allowed:
            assert change.status_code == 200 and idea.title in change.text, (person, name)
            assert move.status_code == 200, (person, name)
        else:
            # The admin says it does not exist: not even the title comes out.
            assert change.status_code == 302 and idea.title not in change.text, (person, name)
            assert move.status_code == 404, (person, name)
            assert history.status_code in (302, 404), (person, name)


@pytest.mark.parametrize("person", PERSONS)
def test_the_idea_list_and_the_stage_history_show_exactly_the_scope(region, person):
    client = _client(region.people[person])
    page = client.get("/admin/ideas/idea/").text
    for name, idea in region.ideas.items():
        assert (idea.title in page) == (person in IDEA_SEEN_BY[name]), (person, name)
    history = client.get("/admin/ideas/stagechange/").text
    for name in ("north", "south"):
        assert (region.ideas[name].title in history) == (person in IDEA_SEEN_BY[name])


@pytest.mark.parametrize("person", PERSONS)
def test_a_move_by_staff_without_the_right_is_refused_by_the_service(region, person):
    user = region.people[person]
    for name, idea in region.ideas.items():
        if person in IDEA_SEEN_BY[name]:
            continue
        with pytest.raises(OutOfScope):
            idea_move(idea=idea, to=Stage.SCREENING, by=user)
        idea.refresh_from_db()
        assert idea.stage != Stage.SCREENING


@pytest.mark.parametrize("person", PERSONS)
def test_groups_projects_and_knowledge_bank_drafts_are_scoped(region, person):
    client = _client(region.people[person])
    for kind, rows, list_url in (
        ("group", region.groups, "/admin/workgroups/workinggroup/"),
        ("project", region.projects, "/admin/projects/project/"),
        ("entry", region.entries, "/admin/knowledgebank/entry/"),
    ):
        listing = client.get(list_url).text
        for name, row in rows.items():
            allowed = person in (name, "coordinator")
            label = row.name if kind == "group" else row.title
            assert (label in listing) == allowed, (person, kind, name)
            url = f"{list_url}{row.pk}/change/"
            response = client.get(url)
            assert (response.status_code == 200) == allowed, (person, kind, name)
    for name, group in region.groups.items():
        invite = client.get(f"/admin/workgroups/workinggroup/{group.pk}/invite/")
        assert invite.status_code == (200 if person in (name, "coordinator") else 404)


def test_invitations_and_groups_outside_the_scope_are_refused_by_the_services(region):
    north_staff = region.people["north"]
    with pytest.raises(OutOfScope):
        groups.invitation_create(
            group=region.groups["south"], by=north_staff, name="X", email="x@example.org"
        )
    with pytest.raises(OutOfScope):
        groups.group_create(
            ideas=[region.ideas["south"]],
            name="Not ours",
            mandate=groups.Mandate(goal="g", cadence_days=30),
            lead_name="L",
            lead_email="l@example.org",
            process_support=north_staff,
            by=north_staff,
        )
    region.ideas["south"].refresh_from_db()
    assert region.ideas["south"].stage == Stage.ACCEPTED


def test_forming_a_group_offers_only_the_ideas_in_scope(region):
    page = _client(region.people["north"]).get("/admin/workgroups/workinggroup/create/").text
    assert "Idea of Northvik" in page and "Idea of Southby" not in page


@pytest.mark.parametrize("person", PERSONS)
def test_members_are_listed_for_all_but_their_contact_details_only_in_scope(region, person):
    client = _client(region.people[person])
    listing = client.get("/admin/resourcebank/member/").text
    assert "Nils North" in listing and "Sara South" in listing
    for name, member in region.members.items():
        page = client.get(f"/admin/resourcebank/member/{member.pk}/change/")
        assert page.status_code == 200
        allowed = person in (name, "coordinator")
        assert (member.email in page.text) == allowed, (person, name)
        assert ("Shown to the staff of" in page.text) == (not allowed)
        found = client.get("/admin/resourcebank/member/", {"q": member.email}).text
        assert (member.name in found) == allowed, (person, name)


@pytest.mark.parametrize("person", PERSONS)
def test_the_outbox_shows_only_e_mails_about_what_is_in_scope(region, person):
    listing = _client(region.people[person]).get("/admin/notifications/email/").text
    for name in ("north", "south"):
        idea = region.ideas[name]
        assert Email.objects.filter(object_id=str(idea.pk)).exists()
        # Subjects read "Your idea <reference>: <stage>".
        assert (f"Your idea {idea.reference}" in listing) == (person in IDEA_SEEN_BY[name])


def test_hand_over_moves_the_idea_out_of_the_old_municipalitys_sight(region):
    from ideas.services import idea_handover

    idea = region.ideas["north"]
    idea_handover(idea=idea, to=region.south, by=region.people["coordinator"])
    assert (
        _client(region.people["north"]).get(f"/admin/ideas/idea/{idea.pk}/change/").status_code
        == 302
    )
    assert (
        _client(region.people["south"]).get(f"/admin/ideas/idea/{idea.pk}/change/").status_code
        == 200
    )
    assert StageChange.objects.filter(idea=idea, handed_to=region.south).count() == 1


def test_organisations_of_every_municipality_can_join_but_only_their_own_are_changed(region):
    theirs = OrganisationFactory(name="Southby planning", municipality=region.south)
    client = _client(region.people["north"])
    from django.contrib.auth.models import Permission

    region.people["north"].user_permissions.add(
        *Permission.objects.filter(codename__in=["view_organisation", "change_organisation"])
    )
    client = _client(region.people["north"])
    assert "Southby planning" in client.get("/admin/workgroups/organisation/").text
    page = client.get(f"/admin/workgroups/organisation/{theirs.pk}/change/")
    assert page.status_code == 200 and 'name="name"' not in page.text  # read-only for them


def test_the_scope_is_one_query_and_cached_on_the_user(region, django_assert_num_queries):
    user = region.people["north"].__class__.objects.get(pk=region.people["north"].pk)
    with django_assert_num_queries(1):
        scope = staff_scope(user)
        staff_scope(user)
    assert scope.municipality_ids == {region.north.pk} and not scope.region


def test_the_open_data_api_shows_only_public_rows_to_everyone(region):
    for client in (Client(), _client(region.people["coordinator"])):
        entries = client.get("/api/knowledge-bank.json").json()["results"]
        assert not [e for e in entries if e["title"].startswith("Draft of")]
