"""Demo data for follow-up (called from the demo app's seed_demo). Idempotent.

The demo's ideas, members and knowledge-bank entries are all created in the same minute, which
would make every chart a single bar. The first run spreads their history over the past months
(as if the portal had been in use for a year); later runs find it spread and change nothing.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.regions import COORDINATORS
from core.roles import EVALUATORS, roles_ensure
from ideas.models import Idea, StageChange
from ideas.stages import Stage
from knowledgebank.models import Entry, EntryStatus
from resourcebank.models import Member

# Days between two moves of one demo idea, by the stage the idea entered.
STAY_DAYS = {
    Stage.SUBMITTED: 4,
    Stage.SCREENING: 19,
    Stage.ACCEPTED: 12,
    Stage.PAUSED: 30,
    Stage.IN_GROUP: 60,
}


def _fresh(dates, now) -> bool:
    dates = [d for d in dates if d is not None]
    return bool(dates) and min(dates) > now - timedelta(days=45)


def _spread_ideas(now) -> None:
    ideas = list(Idea.objects.order_by("submitted_at", "pk"))
    if not _fresh([i.submitted_at for i in ideas], now):
        return
    for index, idea in enumerate(ideas):
        changes = list(StageChange.objects.filter(idea=idea).order_by("at", "pk"))
        start = now - timedelta(days=320 - index * 41)
        moment = start
        for change in changes:
            change.at = moment
            moment = moment + timedelta(days=STAY_DAYS.get(change.to_stage, 10))
        StageChange.objects.bulk_update(changes, ["at"])
        last = changes[-1].at if changes else start
        idea.submitted_at, idea.stage_changed_at = start, min(last, now)
        updates = ["submitted_at", "stage_changed_at"]
        if idea.stage == Stage.PAUSED:
            # The pause's revive date has come: the dashboard and the digest show it.
            idea.revive_on = timezone.localdate(now) - timedelta(days=3)
            updates.append("revive_on")
        Idea.objects.filter(pk=idea.pk).update(**{f: getattr(idea, f) for f in updates})


def _spread_members(now) -> None:
    members = list(Member.objects.exclude(confirmed_at=None).order_by("registered_at", "pk"))
    if not _fresh([m.confirmed_at for m in members], now):
        return
    for index, member in enumerate(members):
        member.registered_at = now - timedelta(days=300 - index * 23)
        member.confirmed_at = member.registered_at + timedelta(hours=2)
    Member.objects.bulk_update(members, ["registered_at", "confirmed_at"])


def _spread_entries(now) -> None:
    entries = list(Entry.objects.filter(status=EntryStatus.PUBLISHED).exclude(year=None))
    if not _fresh([e.published_at for e in entries], now):
        return
    for entry in entries:
        # Published early in the year after the work ended, but never in the future.
        published = timezone.make_aware(
            datetime.combine(datetime(entry.year + 1, 2, 1).date(), time(10))
        )
        Entry.objects.filter(pk=entry.pk).update(published_at=min(published, now))


def seed_followup(stdout=None, *, password: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        _spread_ideas(now)
        _spread_members(now)
        _spread_entries(now)
        evaluator, created = get_user_model().objects.get_or_create(
            username="evaluator",
            defaults={"is_staff": True, "email": "evaluator@university.example"},
        )
        if created:
            evaluator.set_password(password)
            evaluator.save()
        # The evaluation studies the whole region's process: the coordinating unit's scope
        # (where), with nothing but the evaluators' permissions (what).
        roles = roles_ensure()
        evaluator.groups.add(roles[EVALUATORS], roles[COORDINATORS])
    if stdout is not None:
        stdout.write(
            "  Evaluator login (dashboard and yearly report, no personal data): evaluator / "
            + password
            + "\n"
        )
