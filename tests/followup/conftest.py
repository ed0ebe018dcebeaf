"""A known little world for follow-up, on a frozen clock (Monday 15 June 2026, 10:00 local).

Ideas (submitted → moves → now):
  A business      2026-04-10 → screening 05-01              in screening 45 days: stalled
  B department    2026-05-20                                 submitted 26 days: stalled
  C business      2026-06-10 → screening 06-12              in screening 3 days: fine
  D other         2026-03-01 → screening 03-05 → paused 03-20, revive on 06-15: due today
  E company       2026-01-15 → screening 01-25 → paused 02-04, revive on 07-01: not yet
  F business      2025-05-01 → screening 05-07 → accepted 06-06 (before the 12-month window)
Finished stays: submitted 21, 2, 4, 10, 6 days (median 6); screening 15, 10, 30 (median 15).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.regions import COORDINATORS
from core.roles import EVALUATORS, PROCESS_SUPPORT, SCREENERS, roles_ensure
from ideas.models import StageChange
from tests.factories import (
    EntryFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    UserFactory,
)
from workgroups.models import WorkingGroup

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=TZ)


def at(y, m, d, hour=9):
    return datetime(y, m, d, hour, 0, tzinfo=TZ)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _idea(ref, org_type, stage, moves, *, revive_on=None, municipalities=None):
    """moves: [(stage, datetime)], the first being the submission."""
    idea = IdeaFactory(
        municipalities=municipalities,
        reference=ref,
        organisation_type=org_type,
        stage=stage,
        submitted_at=moves[0][1],
        stage_changed_at=moves[-1][1],
        revive_on=revive_on,
        contact_name=f"Contact Person {ref}",
        email=f"{ref.lower()}@submitter.example",
        phone="+46 70 000 00 00",
        title=f"Idea {ref}",
    )
    previous = ""
    for to, when in moves:
        StageChange.objects.create(idea=idea, from_stage=previous, to_stage=to, at=when)
        previous = to
    return idea


@pytest.fixture
def world(db, clock):
    roles = roles_ensure()
    screener = UserFactory(
        username="sara", is_staff=True, email="sara@unit.example", first_name="Sara"
    )
    screener.groups.add(roles[SCREENERS])
    support = UserFactory(username="pelle", is_staff=True, email="pelle@unit.example")
    support.groups.add(roles[PROCESS_SUPPORT])
    evaluator = UserFactory(username="eva", is_staff=True, email="eva@uni.example")
    evaluator.groups.add(roles[EVALUATORS])
    ideas = {
        "A": _idea(
            "A-1",
            "business",
            "screening",
            [("submitted", at(2026, 4, 10)), ("screening", at(2026, 5, 1))],
        ),
        "B": _idea("B-1", "municipal_department", "submitted", [("submitted", at(2026, 5, 20))]),
        "C": _idea(
            "C-1",
            "business",
            "screening",
            [("submitted", at(2026, 6, 10)), ("screening", at(2026, 6, 12))],
        ),
        "D": _idea(
            "D-1",
            "other",
            "paused",
            [
                ("submitted", at(2026, 3, 1)),
                ("screening", at(2026, 3, 5)),
                ("paused", at(2026, 3, 20)),
            ],
            revive_on=date(2026, 6, 15),
        ),
        "E": _idea(
            "E-1",
            "municipal_company",
            "paused",
            [
                ("submitted", at(2026, 1, 15)),
                ("screening", at(2026, 1, 25)),
                ("paused", at(2026, 2, 4)),
            ],
            revive_on=date(2026, 7, 1),
        ),
        "F": _idea(
            "F-1",
            "business",
            "accepted",
            [
                ("submitted", at(2025, 5, 1)),
                ("screening", at(2025, 5, 7)),
                ("accepted", at(2025, 6, 6)),
            ],
        ),
    }
    common = {"goal": "Work together", "lead_name": "Lena Lead", "lead_email": "lena@lead.example"}
    groups = {
        "overdue": WorkingGroup.objects.create(
            name="Overdue group",
            process_support=support,
            starts_on=date(2026, 2, 1),
            next_report_due=date(2026, 6, 1),
            **common,
        ),
        "on_time": WorkingGroup.objects.create(
            name="On-time group",
            process_support=screener,
            starts_on=date(2026, 5, 1),
            next_report_due=date(2026, 7, 1),
            **common,
        ),
        "done": WorkingGroup.objects.create(
            name="Finished group",
            process_support=support,
            starts_on=date(2025, 9, 1),
            status=WorkingGroup.Status.COMPLETED,
            completed_at=at(2026, 3, 3),
            next_report_due=date(2026, 1, 1),
            **common,
        ),
    }
    groups["overdue"].ideas.add(ideas["F"])
    members = [
        MemberFactory(
            name="Maja Member",
            email="maja@member.example",
            registered_at=at(2025, 1, 10),
            confirmed_at=at(2025, 1, 10),
        ),
        MemberFactory(registered_at=at(2026, 5, 3), confirmed_at=at(2026, 5, 3)),
        MemberFactory(registered_at=at(2026, 5, 20), confirmed_at=at(2026, 5, 20)),
        MemberFactory(registered_at=at(2026, 6, 2), confirmed_at=at(2026, 6, 2)),
        MemberFactory(
            status="pending",
            registered_at=at(2026, 6, 14),
            confirmed_at=None,
            certificate_code=None,
        ),
    ]
    entries = [
        EntryFactory(published_at=at(2024, 2, 1)),
        EntryFactory(published_at=at(2024, 9, 1)),
        EntryFactory(published_at=at(2026, 4, 1), title="Published this year"),
        EntryFactory(status="draft", published_at=None, title="A draft"),
    ]
    return {
        "ideas": ideas,
        "groups": groups,
        "members": members,
        "entries": entries,
        "screener": screener,
        "support": support,
        "evaluator": evaluator,
    }


# --- Two municipalities and the region (issue 14) --------------------------------------------
# North and South, each with its staff; East has staff but no ideas. On the same clock:
#   N-1   North           in screening since 05-01: stalled
#   S-1   South           submitted 05-20: stalled
#   S-2   South           paused, revive on 06-10: due
#   NS-1  North and South paused, revive on 06-15: due (shared by both)
#   R-1   the whole region submitted 05-01: stalled (the coordinators' only)
# Groups: North (overdue, anna), South (overdue, bo), Shared N+S (on time, anna), Region
# (overdue, cora). Members: one of North, two of South. Entries: North 2025, South 2026,
# the region's 2024.


def _person(username, roles, *groups, municipalities=None, **fields):
    user = UserFactory(
        username=username,
        is_staff=True,
        email=f"{username}@unit.example",
        municipalities=municipalities,
        **fields,
    )
    user.groups.add(*(roles[g] for g in groups))
    return user


def _group(name, support, municipalities, *, due):
    group = WorkingGroup.objects.create(
        name=name,
        process_support=support,
        starts_on=date(2026, 3, 1),
        next_report_due=due,
        goal="Work together",
        lead_name="Lena Lead",
        lead_email="lena@lead.example",
    )
    group.municipalities.set(municipalities)
    return group


@pytest.fixture
def region(db, clock):
    roles = roles_ensure()
    north = MunicipalityFactory(name="North", slug="north", order=1)
    south = MunicipalityFactory(name="South", slug="south", order=2)
    east = MunicipalityFactory(name="East", slug="east", order=3)
    people = {
        "anna": _person("anna", roles, SCREENERS, PROCESS_SUPPORT, municipalities=[north]),
        "bo": _person("bo", roles, SCREENERS, PROCESS_SUPPORT, municipalities=[south]),
        "mia": _person("mia", roles, SCREENERS, municipalities=[north, south]),
        "erik": _person("erik", roles, SCREENERS, municipalities=[east]),
        "cora": _person("cora", roles, SCREENERS, PROCESS_SUPPORT, COORDINATORS),
        "eva_north": _person("eva_north", roles, EVALUATORS, municipalities=[north]),
        "eva_region": _person("eva_region", roles, EVALUATORS, COORDINATORS),
        # Neither a municipality's nor the region's: an evaluator nobody has placed yet.
        "eva_nowhere": _person("eva_nowhere", roles, EVALUATORS, municipalities=[]),
    }
    ideas = {
        "N": _idea(
            "N-1",
            "business",
            "screening",
            [("submitted", at(2026, 4, 20)), ("screening", at(2026, 5, 1))],
            municipalities=[north],
        ),
        "S": _idea(
            "S-1",
            "municipal_department",
            "submitted",
            [("submitted", at(2026, 5, 20))],
            municipalities=[south],
        ),
        "S2": _idea(
            "S-2",
            "business",
            "paused",
            [("submitted", at(2026, 2, 1)), ("paused", at(2026, 2, 11))],
            revive_on=date(2026, 6, 10),
            municipalities=[south],
        ),
        "NS": _idea(
            "NS-1",
            "other",
            "paused",
            [("submitted", at(2026, 3, 1)), ("paused", at(2026, 3, 5))],
            revive_on=date(2026, 6, 15),
            municipalities=[north, south],
        ),
        "R": _idea(
            "R-1",
            "municipal_company",
            "submitted",
            [("submitted", at(2026, 5, 1))],
            municipalities=[],
        ),
    }
    groups = {
        "north": _group("North group", people["anna"], [north], due=date(2026, 6, 1)),
        "south": _group("South group", people["bo"], [south], due=date(2026, 6, 5)),
        "shared": _group("Shared group", people["anna"], [north, south], due=date(2026, 7, 1)),
        "region": _group("Region group", people["cora"], [], due=date(2026, 6, 10)),
    }
    MemberFactory(municipality=north, registered_at=at(2026, 5, 2), confirmed_at=at(2026, 5, 2))
    for day in (3, 4):
        MemberFactory(
            municipality=south, registered_at=at(2026, 6, day), confirmed_at=at(2026, 6, day)
        )
    entries = {
        "north": EntryFactory(title="North's result", published_at=at(2025, 10, 1)),
        "south": EntryFactory(title="South's result", published_at=at(2026, 4, 1)),
        "region": EntryFactory(title="The region's result", published_at=at(2024, 9, 1)),
    }
    entries["north"].municipalities.set([north])
    entries["south"].municipalities.set([south])
    return {
        "north": north,
        "south": south,
        "east": east,
        "ideas": ideas,
        "groups": groups,
        "entries": entries,
        **people,
    }
