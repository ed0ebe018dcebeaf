"""Reads for matching and following up working groups."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from core.caching import kept_result
from ideas.models import Idea
from resourcebank.models import Member

from .models import Participant, ReportAttachment, WorkingGroup
from .ranking import Suggestion, member_ranking, suggestion_reasons

__all__ = [
    "Suggestion",
    "group_municipalities_unstaffed",
    "group_sides",
    "groups_overdue",
    "member_ranking",
    "member_suggestions",
    "member_suggestions_kept",
    "members_search",
]


def member_suggestions(*, idea: Idea, limit: int = 20) -> list[Suggestion]:
    """The top of the ranking with the reasons for each rank (five queries in all: the idea's
    focus areas and sectors, the ranking, and the members' focus areas and sectors)."""
    focus = set(idea.focus_areas.values_list("pk", flat=True))
    sectors = set(idea.sectors.values_list("pk", flat=True))
    members = list(
        member_ranking(idea=idea, limit=limit).prefetch_related("focus_areas", "sectors")
    )
    # An idea of the whole region has no "other" municipality; each ranked row says how many
    # municipalities the idea concerns.
    local = bool(members) and members[0].idea_municipalities > 0
    return [
        Suggestion(m, m.score, suggestion_reasons(m, focus, sectors, local=local)) for m in members
    ]


def member_suggestions_kept(*, idea: Idea, limit: int = 20) -> list[Suggestion]:
    """member_suggestions, computed once per change of the content it is drawn from (members,
    their themes, participants, groups, the idea) and kept in the shared cache
    (core.caching.kept_result); the reasons are worded in the current language."""
    return kept_result(
        "member_suggestions",
        f"{idea.pk}:{limit}:{get_language()}",
        lambda: member_suggestions(idea=idea, limit=limit),
    )


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
    return (
        WorkingGroup.objects.overdue().select_related("process_support").order_by("next_report_due")
    )


def group_sides(*, group: WorkingGroup) -> dict[str, int]:
    counts = dict(group.participants.order_by().values_list("side").annotate(n=Count("pk")))
    return {side: counts.get(side, 0) for side in Participant.Side.values}


def group_municipalities_unstaffed(*, group: WorkingGroup) -> list:
    """The municipalities the group works for that have no municipal participant yet: both
    sides must take part, and on the municipal side each municipality concerned (a participant
    counts for the municipality of their organisation). Two queries."""
    staffed = set(
        group.participants.filter(
            side=Participant.Side.MUNICIPAL, organisation__municipality__isnull=False
        ).values_list("organisation__municipality", flat=True)
    )
    return [m for m in group.municipalities.all() if m.pk not in staffed]


def attachment_of_group(*, group_id: int, pk: int) -> ReportAttachment | None:
    """A report attachment, only through the group whose report it belongs to."""
    return ReportAttachment.objects.filter(pk=pk, report__group_id=group_id).first()
