"""The screening page's kept results (core.caching.kept_result) are exactly the direct
computation: member suggestions and similar work are computed once and kept, and every change
of what they are drawn from (a member's themes, who sits in which group, a group paused
through its service's update(), the idea's own focus areas, a project's visibility) makes the
next answer the direct one again. A result computed inside a transaction that changed content
is not kept, so a rollback cannot leave it behind.

Committed rows are needed for the cache to be used at all: these tests run without the
enclosing test transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.search import similar_items, similar_items_kept
from workgroups.models import Participant
from workgroups.selectors import member_suggestions, member_suggestions_kept
from workgroups.services import group_pause

from ..factories import (
    FocusAreaFactory,
    MemberFactory,
    MunicipalityFactory,
    ProjectFactory,
    SectorFactory,
    accepted_idea,
    working_group,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.MEETREGION_KEPT_RESULT_SECONDS = 600


def _rows(suggestions):
    return [(s.member.pk, s.score, list(s.reasons)) for s in suggestions]


def _same_as_direct(idea):
    kept = _rows(member_suggestions_kept(idea=idea))
    assert kept == _rows(member_suggestions(idea=idea))
    return kept


@pytest.fixture
def matching():
    town = MunicipalityFactory(name="Northvik")
    area, other = FocusAreaFactory(name="Climate"), FocusAreaFactory(name="Skills")
    sector = SectorFactory(name="Retail")
    idea = accepted_idea()
    idea.focus_areas.set([area])
    idea.sectors.set([sector])
    idea.municipalities.set([town])
    members = [MemberFactory(municipality=town) for _ in range(4)]
    members[0].focus_areas.set([area])
    members[1].sectors.set([sector])
    return idea, members, area, other


def test_kept_suggestions_are_served_without_the_ranking(matching):
    idea, *_ = matching
    first = _same_as_direct(idea)
    with CaptureQueriesContext(connection) as ctx:
        assert _rows(member_suggestions_kept(idea=idea)) == first
    assert not [q for q in ctx.captured_queries if "member_focus" in q["sql"] or "WITH" in q["sql"]]


def test_kept_suggestions_follow_a_members_themes(matching):
    idea, members, area, _other = matching
    before = _same_as_direct(idea)
    members[3].focus_areas.add(area)
    after = _same_as_direct(idea)
    assert after != before


def test_kept_suggestions_follow_group_load_and_a_paused_group(matching):
    idea, members, area, _other = matching
    other_idea = accepted_idea()
    other_idea.focus_areas.set([area])
    group = working_group(ideas=[other_idea])
    before = _same_as_direct(idea)
    Participant.objects.create(
        group=group, side=Participant.Side.BUSINESS, member=members[0], name="M0"
    )
    loaded = _same_as_direct(idea)
    assert loaded != before
    # The service pauses the group with a conditional update(), which sends no signal; it
    # says so itself (content_changed).
    assert group_pause(group=group)
    assert _same_as_direct(idea) != loaded


def test_kept_suggestions_follow_the_ideas_focus_areas(matching):
    idea, members, _area, other = matching
    before = _same_as_direct(idea)
    members[2].focus_areas.set([other])
    idea.focus_areas.add(other)
    assert _same_as_direct(idea) != before


def test_a_result_computed_in_a_transaction_that_changed_content_is_not_kept(matching):
    idea, members, _area, other = matching
    before = _same_as_direct(idea)
    with pytest.raises(RuntimeError), transaction.atomic():
        members[2].focus_areas.set([other])
        idea.focus_areas.add(other)
        assert _rows(member_suggestions_kept(idea=idea)) != before
        raise RuntimeError("rolled back")
    assert _same_as_direct(idea) == before


def test_kept_similar_work_is_the_direct_one_and_follows_the_projects():
    idea = accepted_idea(title="Shared charging for delivery vans")
    project = ProjectFactory(
        title="Shared charging for delivery vans in the centre",
        summary="Charging points for delivery vans, shared by businesses.",
    )

    def both():
        args = {"text": idea.description, "title": idea.title, "limit": 8}
        kept = similar_items_kept(**args, exclude=("idea", idea.pk))
        direct = similar_items(**args, exclude=("idea", idea.pk))
        as_rows = [(h.kind, h.obj.pk, round(h.score, 6)) for h in kept]
        assert as_rows == [(h.kind, h.obj.pk, round(h.score, 6)) for h in direct]
        return as_rows

    assert ("project", project.pk) in [(k, pk) for k, pk, _s in both()]
    both()  # now from the cache
    project.is_public = False
    project.save()
    assert ("project", project.pk) not in [(k, pk) for k, pk, _s in both()]
