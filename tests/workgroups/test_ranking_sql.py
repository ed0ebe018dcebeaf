"""The SQL ranking (workgroups.selectors.member_ranking) is exactly the plain ranking.

The reference below is the straightforward ORM ranking the selector replaced: every active
member scored with correlated counts, then sorted. It is slow at full scale but obviously
right; the fast query must return the same members, in the same order, with the same scores,
for any limit, including ties, negative scores (load above points) and broad members who
share nothing.
"""

import random

import pytest
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from ideas.models import Idea
from resourcebank.models import Member, Scope
from workgroups.models import Participant, WorkingGroup
from workgroups.ranking import (
    WEIGHT_FOCUS,
    WEIGHT_LOAD,
    WEIGHT_MUNICIPALITY,
    WEIGHT_OWN_IDEA,
    WEIGHT_SECTOR,
)
from workgroups.selectors import member_ranking

from ..factories import (
    FocusAreaFactory,
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    accepted_idea,
    working_group,
)

pytestmark = pytest.mark.django_db


def _count(qs):
    return Coalesce(
        Subquery(
            qs.order_by().values("member_id").annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def reference_ranking(idea: Idea) -> list[tuple[int, int]]:
    focus_ids = Idea.focus_areas.through.objects.filter(idea_id=idea.pk).values("focusarea_id")
    sector_ids = Idea.sectors.through.objects.filter(idea_id=idea.pk).values("sector_id")
    taken = Participant.objects.filter(group__ideas=idea, member__isnull=False).values("member_id")
    ranked = (
        Member.objects.active()
        .exclude(pk__in=taken)
        .annotate(
            focus_overlap=_count(
                Member.focus_areas.through.objects.filter(
                    member_id=OuterRef("pk"), focusarea_id__in=focus_ids
                )
            ),
            sector_overlap=_count(
                Member.sectors.through.objects.filter(
                    member_id=OuterRef("pk"), sector_id__in=sector_ids
                )
            ),
            same_municipality=Case(
                When(municipality_id__in=idea.municipalities.values("pk"), then=1), default=0
            ),
            own_idea=Case(When(idea_id=idea.pk, then=1), default=0),
            active_groups=_count(
                Participant.objects.filter(
                    member_id=OuterRef("pk"), group__status=WorkingGroup.Status.ACTIVE
                )
            ),
        )
        .filter(
            Q(scope=Scope.BROAD)
            | Q(scope=Scope.FOCUS_AREAS, focus_overlap__gt=0)
            | Q(scope=Scope.OWN_IDEA, idea_id=idea.pk)
        )
        .annotate(
            score=WEIGHT_FOCUS * F("focus_overlap")
            + WEIGHT_SECTOR * F("sector_overlap")
            + WEIGHT_MUNICIPALITY * F("same_municipality")
            + WEIGHT_OWN_IDEA * F("own_idea")
            - WEIGHT_LOAD * F("active_groups")
        )
        .order_by("-score", "active_groups", "name", "pk")
    )
    return list(ranked.values_list("pk", "score"))


@pytest.fixture
def bank():
    rng = random.Random(8)
    areas = [FocusAreaFactory(name=f"Area {i}") for i in range(4)]
    sectors = [SectorFactory(name=f"Sector {i}") for i in range(4)]
    towns = [MunicipalityFactory(name=f"Town {i}") for i in range(3)]
    ideas = [accepted_idea(municipality=rng.choice(towns)) for _ in range(4)]
    for idea in ideas:
        idea.focus_areas.set(rng.sample(areas, rng.randint(1, 2)))
        idea.sectors.set(rng.sample(sectors, rng.randint(0, 2)))
    ideas.append(accepted_idea())  # no focus area, sector or municipality at all
    members = []
    for i in range(60):
        scope = rng.choice([Scope.BROAD, Scope.FOCUS_AREAS, Scope.OWN_IDEA])
        members.append(
            MemberFactory(
                name=rng.choice(["Anna", "Bo", "Cecilia", "Dag", ""]) + f" {i % 7}",
                scope=scope,
                idea=rng.choice(ideas) if scope == Scope.OWN_IDEA else None,
                status=rng.choice(["active"] * 8 + ["pending", "withdrawn"]),
                municipality=rng.choice(towns),
                focus_areas=rng.sample(areas, rng.randint(0, 2)),
                sectors=rng.sample(sectors, rng.randint(0, 2)),
            )
        )
    # Load: some members sit in several active groups (scores below zero), some in a
    # completed one (no load), some already in a group for one of the ideas.
    groups = [working_group(ideas=[accepted_idea()], name=f"Group {i}") for i in range(5)]
    groups[4].status = WorkingGroup.Status.COMPLETED
    groups[4].save()
    groups[0].ideas.add(ideas[0])
    for member in rng.sample(members, 30):
        for group in rng.sample(groups, rng.randint(1, 4)):
            Participant.objects.create(
                group=group, side="business", member=member, name=member.name or "x"
            )
    return ideas


@pytest.mark.parametrize("limit", [1, 3, 5, 20, 100])
def test_sql_ranking_is_the_plain_ranking(bank, limit):
    for idea in bank:
        expected = reference_ranking(idea)[:limit]
        got = [(m.pk, m.score) for m in member_ranking(idea=idea, limit=limit)]
        assert got == expected, idea.pk


def test_ranking_query_count_does_not_grow_with_the_bank(bank, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(member_ranking(idea=bank[0]))
