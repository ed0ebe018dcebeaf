import pytest

from workgroups.models import Participant
from workgroups.selectors import member_ranking, member_suggestions

from ..factories import (
    FocusAreaFactory,
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    accepted_idea,
    working_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def climate():
    return FocusAreaFactory(name="Climate")


@pytest.fixture
def idea(climate):
    idea = accepted_idea()
    idea.focus_areas.set([climate])
    return idea


def names(suggestions):
    return [s.member.name for s in suggestions]


def test_overlap_outranks_none(idea, climate):
    MemberFactory(name="No overlap")
    MemberFactory(name="Shares climate", focus_areas=[climate])
    ranked = member_suggestions(idea=idea)
    assert names(ranked) == ["Shares climate", "No overlap"]
    assert any("Shared focus areas: Climate" in r for r in ranked[0].reasons)
    assert ranked[0].score > ranked[1].score


def test_sectors_and_municipality_count(idea):
    energy = SectorFactory(name="Energy")
    town = MunicipalityFactory(name="Lund")
    idea.sectors.set([energy])
    idea.municipalities.set([town])
    MemberFactory(name="Elsewhere")
    MemberFactory(name="Same town", municipality=town)
    MemberFactory(name="Same town and sector", municipality=town, sectors=[energy])
    ranked = member_suggestions(idea=idea)
    assert names(ranked) == ["Same town and sector", "Same town", "Elsewhere"]
    assert "Same municipality: Lund" in ranked[1].reasons
    assert "Shared sectors: Energy" in ranked[0].reasons


def test_own_idea_member_is_never_suggested_for_someone_elses_idea(idea):
    other = accepted_idea()
    MemberFactory(name="Only mine", scope="own_idea", idea=other)
    assert "Only mine" not in names(member_suggestions(idea=idea))
    mine = member_suggestions(idea=other)
    assert names(mine)[0] == "Only mine"
    assert "Registered to work on this very idea" in mine[0].reasons


def test_focus_area_members_need_a_shared_focus_area(idea, climate):
    MemberFactory(
        name="Only about jobs", scope="focus_areas", focus_areas=[FocusAreaFactory(name="Jobs")]
    )
    MemberFactory(name="Only about climate", scope="focus_areas", focus_areas=[climate])
    assert names(member_suggestions(idea=idea)) == ["Only about climate"]


@pytest.mark.parametrize("status", ["withdrawn", "pending"])
def test_withdrawn_or_unconfirmed_members_never_appear(idea, climate, status):
    MemberFactory(name="Gone", status=status, focus_areas=[climate])
    assert member_suggestions(idea=idea) == []


def test_load_spreads_to_members_in_fewer_active_groups(idea, climate):
    busy = MemberFactory(name="Busy", focus_areas=[climate])
    MemberFactory(name="Free", focus_areas=[climate])
    for _ in range(2):
        group = working_group()
        Participant.objects.create(group=group, side="business", member=busy, name=busy.name)
    ranked = member_suggestions(idea=idea)
    assert names(ranked) == ["Free", "Busy"]
    assert "Already in 2 active groups" in ranked[1].reasons


def test_members_already_in_a_group_for_this_idea_are_not_suggested_again(idea, climate):
    member = MemberFactory(name="Taken", focus_areas=[climate])
    group = working_group(ideas=[accepted_idea()])
    group.ideas.add(idea)
    Participant.objects.create(group=group, side="business", member=member, name=member.name)
    assert "Taken" not in names(member_suggestions(idea=idea))


def test_ranking_is_one_query_whatever_the_bank_size(idea, climate, django_assert_num_queries):
    for i in range(30):
        MemberFactory(focus_areas=[climate] if i % 2 else [])
    with django_assert_num_queries(1):
        assert len(list(member_ranking(idea=idea)[:20])) == 20
    # The suggestions with reasons: the idea's areas and sectors, the ranking, two prefetches.
    with django_assert_num_queries(5):
        member_suggestions(idea=idea)
