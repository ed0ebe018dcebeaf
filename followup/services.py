"""Follow-up services: reminder digests, and export jobs (at the end of this module).

Reminder digests: at most one e-mail a day per staff member, only when something is due.

Who gets what (there is no assignee on an idea, so screening is a queue shared by the staff
of the idea's municipalities):
- every active staff user in the Screeners group gets the ideas stalled in screening and the
  paused ideas whose revive date has come, of their scope only (core.regions): a
  municipality's staff those of their municipalities (an idea of several municipalities
  reaches the staff of each), the region's coordinators every idea, the whole region's too;
- every active staff user who is the process support of an active working group gets that
  group when its report is overdue;
- someone in both roles gets one digest with both; nobody gets an empty one.
"""

import logging
import uuid
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.doorbell import task_ring
from core.models import Municipality
from core.regions import StaffScope, staff_scope
from core.roles import SCREENERS
from notifications.services import email_queue
from workgroups.models import WorkingGroup

from . import exports, selectors
from .models import Digest, ExportJob

logger = logging.getLogger(__name__)

DIGEST_LIST_LIMIT = 50


@dataclass
class DigestContent:
    stalled: selectors.Listing = field(default_factory=lambda: selectors.Listing(total=0))
    to_revive: selectors.Listing = field(default_factory=lambda: selectors.Listing(total=0))
    overdue_groups: list[dict] = field(default_factory=list)
    where: str = ""  # whose ideas the two lists hold, for the e-mail to say

    @property
    def empty(self) -> bool:
        return not (self.stalled.total or self.to_revive.total or self.overdue_groups)


@dataclass(frozen=True)
class _ScreeningLists:
    stalled: selectors.Listing
    to_revive: selectors.Listing
    where: str


def _screening_lists(*, scope: StaffScope, now: datetime) -> _ScreeningLists:
    stalled = selectors.ideas_stalled(scope=scope, now=now, limit=DIGEST_LIST_LIMIT)
    to_revive = selectors.ideas_to_revive(
        scope=scope, today=timezone.localdate(now), limit=DIGEST_LIST_LIMIT
    )
    where = ""
    if stalled.total or to_revive.total:
        names = Municipality.objects.filter(pk__in=scope.label_ids).values_list("name", flat=True)
        where = gettext("the whole region") if scope.region else ", ".join(names)
    return _ScreeningLists(stalled=stalled, to_revive=to_revive, where=where)


def digest_contents(*, now: datetime) -> dict[int, DigestContent]:
    """What each staff member should hear about today, by user id (empty ones left out)."""
    today = timezone.localdate(now)
    contents: dict[int, DigestContent] = defaultdict(DigestContent)
    screeners = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=SCREENERS)
        .distinct()
    )
    # Staff of the same municipalities (and all coordinators) share one reading of the lists.
    lists: dict[str, _ScreeningLists] = {}
    for user in screeners:
        scope = staff_scope(user)
        if scope.empty:
            continue
        key = selectors.scope_key(scope)
        if key not in lists:
            lists[key] = _screening_lists(scope=scope, now=now)
        found = lists[key]
        if found.stalled.total or found.to_revive.total:
            content = contents[user.pk]
            content.stalled, content.to_revive, content.where = (
                found.stalled,
                found.to_revive,
                found.where,
            )
    # A group's process support hears of its overdue report: the group is theirs by name.
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


# --- Export jobs ---------------------------------------------------------------------------
# An evaluation export too large for a request (exports.export_action) becomes an ExportJob:
# the row first, with the selection's primary keys, then a task that builds the file in
# chunks and records its progress. The sweep empties files a day old and rings again for
# jobs whose task was lost.

EXPORT_CHUNK = 1000  # rows per query, and between two progress updates
EXPORT_KEEP = timedelta(hours=24)
EXPORT_REQUEUE_AFTER = timedelta(minutes=5)
# A job still running after this long lost its worker without the broker noticing.
EXPORT_STALE_AFTER = timedelta(hours=1)
EXPORT_MAX_ATTEMPTS = 3


def export_job_create(
    *,
    user,
    kind: str,
    export_format: str,
    queryset,
    start: date | None,
    end: date | None,
    language: str,
) -> ExportJob:
    """Snapshot what the admin selected (in `user`'s scope only); the task is queued once
    the row is committed."""
    queryset = exports.export_scope(kind=kind, queryset=queryset, user=user)
    selection = exports.export_selection(kind=kind, queryset=queryset, start=start, end=end)
    pks = list(selection.values_list("pk", flat=True))
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            kind=kind,
            export_format=export_format,
            language=language,
            start=start,
            end=end,
            pks=pks,
            total=len(pks),
        )
        transaction.on_commit(partial(export_job_dispatch, job_id=job.pk))
    return job


def export_job_dispatch(*, job_id: int) -> bool:
    """Ring the doorbell; the sweep rings again for a job it could not queue."""
    return task_ring("followup.tasks.export_job_run", job_id, what=f"export job {job_id}")


def _export_job_claim(*, job_id: int, token: str, worker_id: str) -> ExportJob | None:
    now = timezone.now()
    claimable = Q(status=ExportJob.Status.QUEUED) | Q(
        status=ExportJob.Status.RUNNING, started_at__lt=now - EXPORT_STALE_AFTER
    )
    if worker_id:
        claimable |= Q(status=ExportJob.Status.RUNNING, claimed_by=worker_id)
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=ExportJob.Status.RUNNING,
        claimed_by=token,
        started_at=now,
        rows_done=0,
        attempts=F("attempts") + 1,
    )
    return ExportJob.objects.defer("file").get(pk=job_id) if claimed else None


def _export_job_finish(*, job_id: int, token: str, **fields) -> bool:
    now = timezone.now()
    # The snapshot has served its purpose once the file exists (or never will).
    return bool(
        ExportJob.objects.filter(
            pk=job_id, status=ExportJob.Status.RUNNING, claimed_by=token
        ).update(finished_at=now, expires_at=now + EXPORT_KEEP, pks=[], **fields)
    )


def _export_job_build(*, job: ExportJob, token: str, chunk_size: int) -> tuple[bytes, str, int]:
    """The file, its name and its row count, from the existing tables, chunk by chunk.

    The primary keys were taken in the file's order, and each chunk's query keeps that
    order, so the chunks follow each other as one query's rows would. Each chunk is read
    within the requester's scope as it is now: a key that is not theirs (a forged or stale
    snapshot, a row handed to another municipality since) is left out, not exported.
    """
    model = apps.get_model(exports.SELECTIONS[job.kind][0])
    make_table = exports.TABLES[job.kind]
    written = 0

    def rows():
        nonlocal written
        for offset in range(0, len(job.pks), chunk_size):
            chunk = job.pks[offset : offset + chunk_size]
            # Closed at once when the build fails half-way: the chunk's database cursor with it.
            in_scope = exports.export_scope(
                kind=job.kind,
                queryset=model._default_manager.filter(pk__in=chunk),
                user=job.requested_by,
            )
            with closing(make_table(queryset=in_scope).rows) as chunk_rows:
                for row in chunk_rows:
                    written += 1
                    yield row
            ExportJob.objects.filter(
                pk=job.pk, status=ExportJob.Status.RUNNING, claimed_by=token
            ).update(rows_done=written)

    shape = make_table(queryset=model._default_manager.none())
    with closing(rows()) as all_rows:
        table = exports.Table(name=shape.name, headers=shape.headers, rows=all_rows)
        body = exports.table_bytes(table, job.export_format)
    return body, exports.export_filename(shape.name, job.export_format, job.created_at), written


def export_job_run(*, job_id: int, worker_id: str = "", chunk_size: int = EXPORT_CHUNK) -> str:
    """Build the job's file. Safe to repeat: a job that is done, failed or being built by
    another task is left alone; the task that had it (redelivered after its worker died)
    starts it again from the beginning. Database errors propagate, for the task to retry."""
    token = worker_id or uuid.uuid4().hex
    job = _export_job_claim(job_id=job_id, token=token, worker_id=worker_id)
    if job is None:
        return "skipped"
    with translation.override(job.language):
        if job.attempts > EXPORT_MAX_ATTEMPTS:
            error = gettext("The export was started %(n)s times without finishing.") % {
                "n": job.attempts - 1
            }
            _export_job_finish(
                job_id=job_id,
                token=token,
                status=ExportJob.Status.FAILED,
                error=_export_error(error),
            )
            return "failed"
        try:
            body, filename, written = _export_job_build(job=job, token=token, chunk_size=chunk_size)
        except DatabaseError:
            raise
        except Exception as exception:
            logger.exception("Export job %s failed", job_id)
            _export_job_finish(
                job_id=job_id,
                token=token,
                status=ExportJob.Status.FAILED,
                error=_export_error(_export_reason(exception)),
            )
            return "failed"
    done = _export_job_finish(
        job_id=job_id,
        token=token,
        status=ExportJob.Status.DONE,
        file=body,
        filename=filename,
        # Rows deleted since the snapshot are not in the file; the count says what is.
        rows_done=written,
        total=written,
    )
    return "done" if done else "skipped"


def _export_reason(exception: Exception) -> str:
    from openpyxl.utils.exceptions import IllegalCharacterError

    if isinstance(exception, IllegalCharacterError):
        return gettext(
            "A value holds a control character that an Excel workbook cannot store; "
            "export as CSV instead."
        )
    return gettext("The file could not be built.")


def _export_error(reason: str) -> str:
    return reason + " " + gettext("Export again; if it fails again, tell the site's administrator.")


def export_jobs_sweep(*, now: datetime | None = None) -> int:
    """Empty the files of expired jobs (the rows stay, as history); queue again the jobs
    whose task was lost. Returns how many files were emptied. Safe to run any number of times."""
    now = now or timezone.now()
    emptied = ExportJob.objects.filter(expires_at__lte=now, file__isnull=False).update(file=None)
    lost = ExportJob.objects.filter(
        Q(status=ExportJob.Status.QUEUED, created_at__lt=now - EXPORT_REQUEUE_AFTER)
        | Q(status=ExportJob.Status.RUNNING, started_at__lt=now - EXPORT_STALE_AFTER)
    ).values_list("pk", flat=True)
    for job_id in lost:
        export_job_dispatch(job_id=job_id)
    return emptied
