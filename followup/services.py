"""Reminder digests: at most one e-mail a day per staff member, only when something is due.

Who gets what (there is no assignee on an idea, so screening is a shared queue):
- every active staff user in the Screeners group gets the ideas stalled in screening and the
  paused ideas whose revive date has come;
- every active staff user who is the process support of an active working group gets that
  group when its report is overdue;
- someone in both roles gets one digest with both; nobody gets an empty one.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.roles import SCREENERS
from notifications.services import email_queue
from workgroups.models import WorkingGroup

from . import selectors
from .models import Digest

DIGEST_LIST_LIMIT = 50


@dataclass
class DigestContent:
    stalled: selectors.Listing = field(default_factory=lambda: selectors.Listing(total=0))
    to_revive: selectors.Listing = field(default_factory=lambda: selectors.Listing(total=0))
    overdue_groups: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.stalled.total or self.to_revive.total or self.overdue_groups)


def digest_contents(*, now: datetime) -> dict[int, DigestContent]:
    """What each staff member should hear about today, by user id (empty ones left out)."""
    today = timezone.localdate(now)
    contents: dict[int, DigestContent] = defaultdict(DigestContent)
    stalled = selectors.ideas_stalled(now=now, limit=DIGEST_LIST_LIMIT)
    to_revive = selectors.ideas_to_revive(today=today, limit=DIGEST_LIST_LIMIT)
    if stalled.total or to_revive.total:
        screeners = (
            get_user_model()
            .objects.filter(is_active=True, is_staff=True, groups__name=SCREENERS)
            .values_list("pk", flat=True)
            .distinct()
        )
        for pk in screeners:
            contents[pk].stalled, contents[pk].to_revive = stalled, to_revive
    overdue = (
        WorkingGroup.objects.overdue(today)
        .filter(process_support__is_active=True, process_support__is_staff=True)
        .order_by("next_report_due", "pk")
        .values("pk", "name", "next_report_due", "process_support_id")
    )
    for group in overdue:
        group["days"] = (today - group["next_report_due"]).days
        contents[group["process_support_id"]].overdue_groups.append(group)
    return {pk: content for pk, content in contents.items() if not content.empty}


def digest_send(*, user, day, content: DigestContent) -> Digest | None:
    """Queue one user's digest for `day`. Returns None when that day's digest already exists."""
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user,
                day=day,
                stalled_ideas=content.stalled.total,
                ideas_to_revive=content.to_revive.total,
                overdue_groups=len(content.overdue_groups),
            )
            digest.email = email_queue(
                to=user.email,
                template="followup_digest",
                context={
                    "user": user,
                    "day": day,
                    "content": content,
                    "stale_days": settings.MEETREGION_SCREENING_STALE_DAYS,
                },
                language=settings.LANGUAGE_CODE,
                related=digest,
            )
            digest.save(update_fields=["email"])
    except IntegrityError:
        # Today's digest went out already (an earlier run, or a run racing this one): the
        # unique constraint on (user, day) rolled this attempt back, e-mail row included.
        return None
    return digest


def digests_send(*, now: datetime | None = None) -> int:
    """Send today's digests that are due and not yet sent. Returns how many were queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MEETREGION_DIGEST_HOUR:
        return 0
    today = local.date()
    contents = digest_contents(now=now)
    done = set(Digest.objects.filter(day=today).values_list("user_id", flat=True))
    users = get_user_model().objects.filter(pk__in=set(contents) - done).exclude(email="")
    return sum(
        digest_send(user=user, day=today, content=contents[user.pk]) is not None for user in users
    )
