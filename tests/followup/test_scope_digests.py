"""Reminder digests in each person's scope (issue 14)."""

import pytest
from django.utils import timezone

from followup.models import Digest
from followup.services import digest_contents, digests_send
from notifications.models import Email

pytestmark = pytest.mark.django_db

IDEAS = ("N-1", "S-1", "S-2", "NS-1", "R-1")
GROUPS = ("North group", "South group", "Shared group", "Region group")


def _bodies():
    return {e.to.split("@")[0]: e.body_text for e in Email.objects.filter(kind="followup_digest")}


def _mentioned(body, names):
    return sorted(name for name in names if f"- {name} " in body)


def test_each_screener_hears_of_their_municipalities_ideas_only(region):
    digests_send()
    bodies = _bodies()
    assert _mentioned(bodies["anna"], IDEAS) == ["N-1", "NS-1"]
    assert _mentioned(bodies["bo"], IDEAS) == ["NS-1", "S-1", "S-2"]
    assert _mentioned(bodies["mia"], IDEAS) == ["N-1", "NS-1", "S-1", "S-2"]
    assert "The ideas are those of North." in bodies["anna"]
    assert "The ideas are those of North, South." in bodies["mia"]


def test_coordinators_hear_of_the_whole_regions_ideas(region):
    digests_send()
    body = _bodies()["cora"]
    assert _mentioned(body, IDEAS) == ["N-1", "NS-1", "R-1", "S-1", "S-2"]
    assert "The ideas are those of the whole region." in body


def test_process_support_hear_of_their_own_groups_overdue_reports(region):
    digests_send()
    bodies = _bodies()
    assert _mentioned(bodies["anna"], GROUPS) == ["North group"]  # Shared is on time
    assert _mentioned(bodies["bo"], GROUPS) == ["South group"]
    assert _mentioned(bodies["cora"], GROUPS) == ["Region group"]
    assert _mentioned(bodies["mia"], GROUPS) == []


def test_nothing_in_scope_sends_no_digest(region):
    assert digests_send() == 4  # anna, bo, mia, cora
    assert not Digest.objects.filter(user=region["erik"]).exists()  # East has nothing due
    for name in ("eva_north", "eva_region", "eva_nowhere"):
        assert not Digest.objects.filter(user=region[name]).exists()


def test_the_counts_of_each_digest_are_its_scopes(region):
    digests_send()
    counts = {
        d.user.username: (d.stalled_ideas, d.ideas_to_revive, d.overdue_groups)
        for d in Digest.objects.select_related("user")
    }
    assert counts == {
        "anna": (1, 1, 1),
        "bo": (1, 2, 1),
        "mia": (2, 2, 0),
        "cora": (3, 2, 1),
    }


def test_staff_of_the_same_municipalities_share_one_reading_of_the_lists(
    region, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    from .conftest import _person

    roles = {g.name: g for g in region["anna"].groups.all()}
    for n in range(5):
        _person(f"north{n}", roles, *roles, municipalities=[region["north"]])
    assert UserFactory._meta.model.objects.filter(municipalities=region["north"]).count() == 8
    # The lists are read once per distinct scope (North, South, North+South, East, the
    # region), not once per person: a person costs the two queries of their scope.
    with django_assert_max_num_queries(1 + 2 * 10 + 3 * 5 + 1):
        contents = digest_contents(now=timezone.now())
    assert len(contents) == 9  # anna, bo, mia, cora and the five; not erik
