"""The member ranking behind the suggestions: the query (sql/member_ranking.sql) and the
reasons shown beside each rank, in one place.

The SQL file is the query, with its reasoning in comments; this module fills in the table
names (from the models, so a renamed table cannot drift), the weights below and two fragments
used twice, and names the parameters. PostgreSQL and SQLite (the quick start) run the same
query but for two spellings chosen here.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import connections
from django.db.models.query import RawQuerySet
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

# How many of the best `pts` rows the floor looks through for `limit` eligible members.
FLOOR_WINDOW = 10

SQL_FILE = Path(__file__).with_name("sql") / "member_ranking.sql"

# Eligibility of a member row `m` for the idea: active, in scope, not yet in a group for it.
# Broad members fit any idea, focus-area members a shared focus area, own-idea members only
# their own idea.
ELIGIBLE = """m.status = %(active)s
          AND (m.scope = %(broad)s
               OR (m.scope = %(focus_scope)s AND EXISTS (
                   SELECT 1 FROM {member_focus} ef WHERE ef.member_id = m.id AND ef.focusarea_id
                   IN (SELECT focusarea_id FROM {idea_focus} WHERE idea_id = %(idea)s)))
               OR (m.scope = %(own_scope)s AND m.idea_id = %(idea)s))
          AND m.id NOT IN (SELECT member_id FROM taken)"""

# The active groups member `{who}` sits in (by the participant table's member index).
LOAD = (
    "SELECT COUNT(*) FROM {participant} lp JOIN {group} lg ON lg.id = lp.group_id "
    "WHERE lp.member_id = {who} AND lg.status = '{active}'"
)


@dataclass
class Suggestion:
    member: Member
    score: int
    reasons: list[str] = field(default_factory=list)


def _tables() -> dict[str, str]:
    return {
        "member": Member._meta.db_table,
        "member_focus": Member.focus_areas.through._meta.db_table,
        "member_sectors": Member.sectors.through._meta.db_table,
        "municipality": Member._meta.get_field("municipality").related_model._meta.db_table,
        "idea": Idea._meta.db_table,
        "idea_focus": Idea.focus_areas.through._meta.db_table,
        "idea_sectors": Idea.sectors.through._meta.db_table,
        "idea_municipalities": Idea.municipalities.through._meta.db_table,
        "participant": Participant._meta.db_table,
        "group": WorkingGroup._meta.db_table,
        "group_ideas": WorkingGroup.ideas.through._meta.db_table,
    }


@cache
def ranking_sql(vendor: str) -> str:
    """The query for a database vendor, read and filled in once per process."""
    tables = _tables()
    postgres = vendor == "postgresql"
    load = LOAD.format(active=WorkingGroup.Status.ACTIVE.value, who="{who}", **tables)
    return SQL_FILE.read_text().format(
        # PostgreSQL would otherwise inline `pts` into each place it is read.
        materialized="MATERIALIZED" if postgres else "",
        # One primary-key lookup per candidate, never a pass over the member table.
        join_member_of_c=(
            "JOIN LATERAL (SELECT * FROM {member} WHERE id = c.member_id) m ON true"
            if postgres
            else "JOIN {member} m ON m.id = c.member_id"
        ).format(**tables),
        eligible=ELIGIBLE.format(**tables),
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
    """The `limit` best eligible members for this idea, best first, in one SQL query. Each
    member carries `points`, `same_municipality`, `own_idea`, `active_groups`, `score`,
    `municipality_name` and `idea_municipalities` (how many the idea concerns)."""
    params = {
        "idea": idea.pk,
        "limit": limit,
        "window": limit * FLOOR_WINDOW,
        "active": Member.Status.ACTIVE.value,
        "broad": Scope.BROAD.value,
        "focus_scope": Scope.FOCUS_AREAS.value,
        "own_scope": Scope.OWN_IDEA.value,
    }
    sql = ranking_sql(connections[Member.objects.db].vendor)
    return Member.objects.raw(sql, params)


def suggestion_reasons(
    member: Member, focus: set[int], sectors: set[int], *, local: bool = True
) -> list[str]:
    """Why a ranked member is suggested, in the words staff read beside the score. `focus` and
    `sectors` are the idea's; the member's own are prefetched. `local`: the idea concerns
    particular municipalities (not the whole region), so a member from elsewhere is named."""
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
    elif local:
        reasons.append(
            _("From another municipality: %(name)s") % {"name": member.municipality_name}
        )
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
