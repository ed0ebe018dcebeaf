from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .mail import mail_queue
from .models import PeriodicRun, SiteSettings


class NoRecipient(Exception):
    """The business unit has no e-mail address in the site settings."""


def accessibility_report_send(*, description: str, page: str, name: str, email: str, language: str):
    """Queue the report to the business unit, in the portal's default language."""
    recipient = SiteSettings.load().business_unit_email
    if not recipient:
        raise NoRecipient
    with transaction.atomic():
        return mail_queue(
            to=recipient,
            template="accessibility_report",
            context={
                "description": description,
                "page": page,
                "name": name,
                "email": email,
                "reporter_language": language,
            },
            language=settings.LANGUAGE_CODE,
        )


def periodic_run_claim(
    *, name: str, period: timedelta, by: str, now: datetime | None = None
) -> bool:
    """Claim the current period of the clock for one run of the periodic task `name`.

    True for exactly one caller per period however many beats ask. Periods are slices of the
    clock (every `period` since the epoch), and a claim also needs the last run to be half a
    period old: two beats started at different moments, one firing just before a boundary and
    the other just after, would otherwise both run, a moment apart.
    """
    now = now or timezone.now()
    seconds = period.total_seconds()
    start = datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=UTC)
    claimed = PeriodicRun.objects.filter(
        name=name, period_start__lt=start, sent_at__lte=now - period / 2
    ).update(period_start=start, sent_at=now, sent_by=by)
    if not claimed:
        # The first run ever: of two beats inserting at once, the unique name lets one win.
        _, claimed = PeriodicRun.objects.get_or_create(
            name=name, defaults={"period_start": start, "sent_at": now, "sent_by": by}
        )
    return start if claimed else None
