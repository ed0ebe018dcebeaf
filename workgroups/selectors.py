"""Reads for matching and following up working groups."""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.db.models.query import RawQuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.models import Idea
from resourcebank.models import Member, Scope

from .models import Participant, ReportAttachment, WorkingGroup

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


# The ranking in SQL, one query. Only a member who shares something with the idea can score
# above zero. `pts` adds up each such member's points from rows of the indexed M2M tables
# (shared focus areas and sectors) and of the member table (same municipality, own idea) in
# one grouped UNION ALL. `floor` scores in full (eligibility, active-group load) the members
# among the best `pts` rows and keeps the `limit`-th best score: a lower bound of the final
# `limit`-th score, so only members whose points reach it are looked up (by primary key) and
# have their active groups counted (by index). Broad members who share nothing (score =
# -load) are only considered when the floor is not above zero or fewer than `limit` members
# share anything; then every broad member is ranked. The rows touched grow with the members
# sharing a theme with the idea, not with the whole bank, and the answer is exactly the top
# of the full ranking (tests/workgroups/test_ranking_sql.py compares it with a plain one).
_RANKING_SQL = """
WITH pts AS {materialized} (
    SELECT u.member_id, SUM(u.w) AS base
    FROM (
        SELECT mf.member_id, {w_focus} AS w FROM {member_focus} mf
        WHERE mf.focusarea_id IN (SELECT focusarea_id FROM {idea_focus} WHERE idea_id = %s)
        UNION ALL
        SELECT ms.member_id, {w_sector} FROM {member_sectors} ms
        WHERE ms.sector_id IN (SELECT sector_id FROM {idea_sectors} WHERE idea_id = %s)
        UNION ALL
        SELECT m.id, {w_town} FROM {member} m
        WHERE m.municipality_id = (SELECT municipality_id FROM {idea} WHERE id = %s)
        UNION ALL
        SELECT m.id, {w_own} FROM {member} m WHERE m.idea_id = %s
    ) u
    GROUP BY u.member_id
), idea AS (
    SELECT municipality_id FROM {idea} WHERE id = %s
), taken AS (
    SELECT p.member_id FROM {participant} p
    JOIN {group_ideas} gi ON gi.workinggroup_id = p.group_id
    WHERE gi.idea_id = %s AND p.member_id IS NOT NULL
), floor AS (
    SELECT COUNT(*) AS n, MIN(best.score) AS lowest
    FROM (
        SELECT e.points - {w_load} * ({load_of_e}) AS score
        FROM (
            SELECT top.member_id, top.base AS points
            FROM (SELECT * FROM pts ORDER BY base DESC LIMIT %s) top
            JOIN {member} m ON m.id = top.member_id
            WHERE {eligible}
        ) e
        ORDER BY score DESC
        LIMIT %s
    ) best
), candidates AS {materialized} (
    SELECT member_id, base FROM pts
    WHERE (SELECT n FROM floor) < %s OR base >= (SELECT lowest FROM floor)
    UNION ALL
    SELECT m.id, 0 FROM {member} m
    WHERE (SELECT n < %s OR lowest <= 0 FROM floor)
      AND m.status = %s AND m.scope = %s
      AND m.id NOT IN (SELECT member_id FROM pts)
)
SELECT ranked.*, ranked.points - {w_load} * ranked.active_groups AS score FROM (
    SELECT m.*,
           c.base AS points,
           CASE WHEN m.municipality_id = (SELECT municipality_id FROM idea) THEN 1 ELSE 0 END
               AS same_municipality,
           CASE WHEN m.idea_id = %s THEN 1 ELSE 0 END AS own_idea,
           ({load_of_m}) AS active_groups,
           (SELECT mu.name FROM {municipality} mu WHERE mu.id = m.municipality_id)
               AS municipality_name
    FROM candidates c
    {join_member_of_c}
    WHERE {eligible}
) ranked
ORDER BY score DESC, ranked.active_groups, ranked.name, ranked.id
LIMIT %s
"""

# Eligibility of a member row `m` for the idea: active, in scope, not yet in a group for it.
_ELIGIBLE_SQL = """m.status = %s
          AND (m.scope = %s
               OR (m.scope = %s AND EXISTS (
                   SELECT 1 FROM {member_focus} ef WHERE ef.member_id = m.id AND ef.focusarea_id
                   IN (SELECT focusarea_id FROM {idea_focus} WHERE idea_id = %s)))
               OR (m.scope = %s AND m.idea_id = %s))
          AND m.id NOT IN (SELECT member_id FROM taken)"""

_LOAD_SQL = (
    "SELECT COUNT(*) FROM {participant} lp JOIN {group} lg ON lg.id = lp.group_id "
    "WHERE lp.member_id = {who} AND lg.status = '{active}'"
)
# How many of the best `pts` rows the floor looks through for `limit` eligible members.
_FLOOR_WINDOW = 10


def _ranking_sql(vendor: str) -> str:
    tables = {
        "member": Member._meta.db_table,
        "member_focus": Member.focus_areas.through._meta.db_table,
        "member_sectors": Member.sectors.through._meta.db_table,
        "municipality": Member._meta.get_field("municipality").related_model._meta.db_table,
        "idea": Idea._meta.db_table,
        "idea_focus": Idea.focus_areas.through._meta.db_table,
        "idea_sectors": Idea.sectors.through._meta.db_table,
        "participant": Participant._meta.db_table,
        "group": WorkingGroup._meta.db_table,
        "group_ideas": WorkingGroup.ideas.through._meta.db_table,
    }
    postgres = vendor == "postgresql"
    load = _LOAD_SQL.format(active=WorkingGroup.Status.ACTIVE.value, who="{who}", **tables)
    return _RANKING_SQL.format(
        # PostgreSQL would otherwise inline `pts` into each place it is read.
        materialized="MATERIALIZED" if postgres else "",
        # One primary-key lookup per candidate, never a pass over the member table.
        join_member_of_c=(
            "JOIN LATERAL (SELECT * FROM {member} WHERE id = c.member_id) m ON true"
            if postgres
            else "JOIN {member} m ON m.id = c.member_id"
        ).format(**tables),
        eligible=_ELIGIBLE_SQL.format(**tables),
        w_focus=WEIGHT_FOCUS,
        w_sector=WEIGHT_SECTOR,
        w_town=WEIGHT_MUNICIPALITY,
        w_own=WEIGHT_OWN_IDEA,
        w_load=WEIGHT_LOAD,
        load_of_e=load.format(who="e.member_id"),
        load_of_m=load.format(who="m.id"),
        **tables,
    )


def member_ranking(*, idea: Idea, limit: int = 20) -> RawQuerySet:
    """The `limit` best eligible members for this idea, best first, in one SQL query.

    Score: WEIGHT_FOCUS per shared focus area + WEIGHT_SECTOR per shared sector +
    WEIGHT_MUNICIPALITY for the same municipality + WEIGHT_OWN_IDEA for the idea's own member
    - WEIGHT_LOAD per active group the member already sits in; ties go to the member in fewer
    active groups, then by name. Scope: broad members fit any idea, focus-area members only a
    shared focus area, own-idea members only their own idea; only active members; never one
    already in a group working on this idea. Each member carries `focus_overlap`,
    `sector_overlap`, `same_municipality`, `own_idea`, `active_groups`, `score` and
    `municipality_name`.
    """
    active, broad = Member.Status.ACTIVE.value, Scope.BROAD.value
    eligible = [active, broad, Scope.FOCUS_AREAS.value, idea.pk, Scope.OWN_IDEA.value, idea.pk]
    params = [
        idea.pk,
        idea.pk,
        idea.pk,
        idea.pk,  # pts
        idea.pk,  # idea
        idea.pk,  # taken
        limit * _FLOOR_WINDOW,
        *eligible,
        limit,  # floor
        limit,
        limit,
        active,
        broad,  # candidates
        idea.pk,
        *eligible,
        limit,  # ranked
    ]
    sql = _ranking_sql(connections[Member.objects.db].vendor)
    return Member.objects.raw(sql, params)


def member_suggestions(*, idea: Idea, limit: int = 20) -> list[Suggestion]:
    """The top of the ranking with the reasons for each rank (five queries in all: the idea's
    focus areas and sectors, the ranking, and the members' focus areas and sectors)."""
    focus = set(idea.focus_areas.values_list("pk", flat=True))
    sectors = set(idea.sectors.values_list("pk", flat=True))
    members = member_ranking(idea=idea, limit=limit).prefetch_related("focus_areas", "sectors")
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
        reasons.append(_("Same municipality: %(name)s") % {"name": member.municipality_name})
    if member.scope == Scope.BROAD:
        reasons.append(_("Open to collaboration broadly"))
    reasons.append(
        ngettext(
            "Already in %(n)d active group", "Already in %(n)d active groups", member.active_groups
        )
        % {"n": member.active_groups}
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
    return (
        WorkingGroup.objects.overdue().select_related("process_support").order_by("next_report_due")
    )


def group_sides(*, group: WorkingGroup) -> dict[str, int]:
    counts = dict(group.participants.order_by().values_list("side").annotate(n=Count("pk")))
    return {side: counts.get(side, 0) for side in Participant.Side.values}


def attachment_of_group(*, group_id: int, pk: int) -> ReportAttachment | None:
    """A report attachment, only through the group whose report it belongs to."""
    return ReportAttachment.objects.filter(pk=pk, report__group_id=group_id).first()
