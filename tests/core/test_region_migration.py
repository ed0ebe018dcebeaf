"""An upgrade to the region loses nothing: a database holding the previous schema's data is
migrated, and every row is kept, with what had no municipality given to the default one."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.models import Municipality
from core.regions import COORDINATORS, staff_scope
from ideas.models import Idea
from knowledgebank.models import Entry
from projects.models import Project
from resourcebank.models import Member
from workgroups.models import Organisation, WorkingGroup

# The last migrations before the region came (issue 14).
BEFORE = [
    ("core", "0003_audit_event"),
    ("notifications", "0001_initial"),
    ("ideas", "0007_private_link_base"),
    ("projects", "0001_initial"),
    ("resourcebank", "0005_private_link_base"),
    ("knowledgebank", "0001_initial"),
    ("workgroups", "0002_private_link_base"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _seed_old(old) -> dict:
    """What a portal of one business unit held: the site settings, the resource bank's
    municipality list, members, ideas with and without a municipality, initiatives naming
    their municipality in free text, entries, a group and an organisation, and staff."""
    now = timezone.now()
    old.get_model("core", "SiteSettings").objects.create(
        pk=1,
        region_name="Old Region",
        business_unit_name="Old business unit",
        business_unit_email="unit@old.example",
        business_pilot_name="Old pilot",
        business_pilot_phone="+46 1",
    )
    OldMunicipality = old.get_model("resourcebank", "Municipality")
    north = OldMunicipality.objects.create(name="Northvik", order=1)
    south = OldMunicipality.objects.create(name="Southby", order=2)
    Member = old.get_model("resourcebank", "Member")
    for i, town in enumerate([north, south, south]):
        Member.objects.create(
            name=f"Member {i}", email=f"m{i}@example.org", municipality=town, scope="broad"
        )
    Idea = old.get_model("ideas", "Idea")
    common = {
        "organisation_name": "Acme",
        "organisation_type": "business",
        "contact_name": "Ada",
        "email": "ada@example.org",
        "description": "A description long enough for an idea.",
        "collaboration_kind": "other",
        "submitted_at": now,
        "stage_changed_at": now,
    }
    placed = Idea.objects.create(title="In Southby", municipality=south, stage="accepted", **common)
    unplaced = Idea.objects.create(title="Nowhere in particular", stage="in_group", **common)
    Project = old.get_model("projects", "Project")
    for slug, text in [
        ("p1", "Northvik"),
        ("p2", "  southby "),
        ("p3", "Elsewhere Town"),
        ("p4", ""),
    ]:
        Project.objects.create(title=slug, slug=slug, summary="s", municipality=text)
    old.get_model("knowledgebank", "Entry").objects.create(
        title="Lesson", slug="lesson", summary="s"
    )
    User = old.get_model("auth", "User")
    staff = User.objects.create(username="old-screener", is_staff=True)
    User.objects.create(username="old-superuser", is_staff=True, is_superuser=True)
    User.objects.create(username="a-member-of-the-public")
    WorkingGroup = old.get_model("workgroups", "WorkingGroup")
    group = WorkingGroup.objects.create(
        name="Group",
        goal="g",
        starts_on=now.date(),
        lead_name="L",
        lead_email="l@example.org",
        process_support=staff,
    )
    group.ideas.set([placed, unplaced])
    old.get_model("workgroups", "Organisation").objects.create(name="Planning", kind="department")
    return {
        "north": north.pk,
        "south": south.pk,
        "placed": placed.pk,
        "unplaced": unplaced.pk,
        "group": group.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_keeps_every_row_and_places_what_had_no_municipality():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    ids = _seed_old(_migrate(BEFORE))
    counts = {"members": 3, "ideas": 2, "projects": 4, "entries": 1, "groups": 1, "orgs": 1}

    _migrate(latest)

    # The municipalities moved with their ids, got address names and the region's contacts.
    north, south = (
        Municipality.objects.get(pk=ids["north"]),
        Municipality.objects.get(pk=ids["south"]),
    )
    assert (north.name, north.slug, south.slug) == ("Northvik", "northvik", "southby")
    assert north.business_unit_name == "Old business unit"
    assert north.business_unit_email == "unit@old.example"
    assert south.business_pilot_phone == "+46 1"
    # Every row is kept.
    assert Member.objects.count() == counts["members"]
    assert Idea.objects.count() == counts["ideas"]
    assert Project.objects.count() == counts["projects"]
    assert Entry.objects.count() == counts["entries"]
    assert WorkingGroup.objects.count() == counts["groups"]
    assert Organisation.objects.count() == counts["orgs"]
    assert sorted(Member.objects.values_list("municipality__name", flat=True)) == [
        "Northvik",
        "Southby",
        "Southby",
    ]
    # An idea keeps its municipality; one without goes to the default (the first in order).
    placed, unplaced = Idea.objects.get(pk=ids["placed"]), Idea.objects.get(pk=ids["unplaced"])
    assert list(placed.municipalities.all()) == [south] and placed.handled_by == south
    assert list(unplaced.municipalities.all()) == [north] and unplaced.handled_by == north
    # Initiatives: the free text becomes the municipality of that name; a name no
    # municipality has becomes an inactive one, so nothing typed is lost.
    places = {p.slug: [m.name for m in p.municipalities.all()] for p in Project.objects.all()}
    assert places == {
        "p1": ["Northvik"],
        "p2": ["Southby"],
        "p3": ["Elsewhere Town"],
        "p4": ["Northvik"],
    }
    assert not Municipality.objects.get(name="Elsewhere Town").is_active
    assert list(Entry.objects.get().municipalities.all()) == [north]
    group = WorkingGroup.objects.get(pk=ids["group"])
    assert set(group.municipalities.all()) == {north, south}
    assert Organisation.objects.get().municipality == north
    # The staff who saw everything still do: they are the coordinating unit now.
    coordinators = Group.objects.get(name=COORDINATORS)
    assert list(coordinators.user_set.values_list("username", flat=True)) == ["old-screener"]
    assert staff_scope(coordinators.user_set.get()).region
