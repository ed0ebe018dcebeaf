"""Reads for matching and following up working groups."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.models import Idea
from resourcebank.models import Member, Scope

from .models import Participant, WorkingGroup

# Weights of the ranking: shared themes matter most, being the idea's own member trumps all,
# and every active group a member already sits in pulls them down to spread the load.
WEIGHT_FOCUS = 3
WEIGHT_SECTOR = 2
WEIGHT_MUNICIPALITY = 2
WEIGHT_OWN_IDEA = 10
WEIGHT_LOAD = 1


@dataclass
class Suggestion:
    member: Member
    score: int
    reasons: list[str] = field(default_factory=list)


def _overlap(through, column: str, ids):
    """Correlated count of a member's rows in an M2M table that hit the given ids."""
    counted = (
        through.objects.filter(member_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("member_id")
        .annotate(n=Count("*"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _active_groups():
    counted = (
        Participant.objects.filter(member_id=OuterRef("pk"), group__status=WorkingGroup.Status.ACTIVE)
        .order_by()
        .values("member_id")
        .annotate(n=Count("*"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def member_ranking(*, idea: Idea) -> QuerySet[Member]:
    """Every eligible member, ranked for this idea, in one SQL query."""
    # The idea's own areas and sectors go in as subqueries, so the ranking stays one query.
    focus_ids = Idea.focus_areas.through.objects.filter(idea_id=idea.pk).values("focusarea_id")
    sector_ids = Idea.sectors.through.objects.filter(idea_id=idea.pk).values("sector_id")
    taken = Participant.objects.filter(group__ideas=idea, member__isnull=False).values("member_id")
    ranked = (
        Member.objects.active()
        .exclude(pk__in=taken)
        .annotate(
            focus_overlap=_overlap(Member.focus_areas.through, "focusarea_id", focus_ids),
            sector_overlap=_overlap(Member.sectors.through, "sector_id", sector_ids),
            same_municipality=Case(
                When(municipality_id=idea.municipality_id, then=1),
                default=0,
                output_field=IntegerField(),
            ),
            own_idea=Case(When(idea_id=idea.pk, then=1), default=0, output_field=IntegerField()),
            active_groups=_active_groups(),
        )
        # Scope: broad members fit any idea, focus-area members only a shared focus area,
        # own-idea members only their own idea.
        .filter(
            Q(scope=Scope.BROAD)
            | Q(scope=Scope.FOCUS_AREAS, focus_overlap__gt=0)
            | Q(scope=Scope.OWN_IDEA, idea_id=idea.pk)
        )
    )
    return ranked.annotate(
        score=WEIGHT_FOCUS * F("focus_overlap")
        + WEIGHT_SECTOR * F("sector_overlap")
        + WEIGHT_MUNICIPALITY * F("same_municipality")
        + WEIGHT_OWN_IDEA * F("own_idea")
        - WEIGHT_LOAD * F("active_groups")
    ).order_by("-score", "active_groups", "name", "pk")


def member_suggestions(*, idea: Idea, limit: int = 20) -> list[Suggestion]:
    """The top of the ranking with the reasons for each rank (three queries in all)."""
    focus = set(idea.focus_areas.values_list("pk", flat=True))
    sectors = set(idea.sectors.values_list("pk", flat=True))
    members = (
        member_ranking(idea=idea)
        .select_related("municipality")
        .prefetch_related("focus_areas", "sectors")[:limit]
    )
    return [Suggestion(m, m.score, _reasons(m, idea, focus, sectors)) for m in members]


def _reasons(member: Member, idea: Idea, focus: set[int], sectors: set[int]) -> list[str]:
    reasons = []
    if member.own_idea:
        reasons.append(_("Registered to work on this very idea"))
    shared = [a.name for a in member.focus_areas.all() if a.pk in focus]
    if shared:
        reasons.append(_("Shared focus areas: %(names)s") % {"names": ", ".join(shared)})
    shared = [s.name for s in member.sectors.all() if s.pk in sectors]
    if shared:
        reasons.append(_("Shared sectors: %(names)s") % {"names": ", ".join(shared)})
    if member.same_municipality:
        reasons.append(_("Same municipality: %(name)s") % {"name": member.municipality.name})
    if member.scope == Scope.BROAD:
        reasons.append(_("Open to collaboration broadly"))
    reasons.append(
        ngettext(
            "Already in %(n)d active group", "Already in %(n)d active groups", member.active_groups
        ) % {"n": member.active_groups}
        if member.active_groups
        else _("In no active group yet")
    )
    return reasons


def members_search(*, query: str, limit: int = 20) -> QuerySet[Member]:
    """Staff search the whole bank by name, company or e-mail."""
    query = query.strip()
    if not query:
        return Member.objects.none()
    return (
        Member.objects.active()
        .filter(
            Q(name__icontains=query) | Q(company_name__icontains=query) | Q(email__icontains=query)
        )
        .select_related("municipality")
        .order_by("name")[:limit]
    )


def groups_overdue() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.overdue().select_related("process_support").order_by(
        "next_report_due"
    )


def group_sides(*, group: WorkingGroup) -> dict[str, int]:
    counts = dict(
        group.participants.order_by().values_list("side").annotate(n=Count("pk"))
    )
    return {side: counts.get(side, 0) for side in Participant.Side.values}
