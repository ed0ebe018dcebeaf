"""Every write to the knowledge bank."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from core.caching import content_changed
from core.models import FocusArea
from projects.models import Project

from .models import Entry, EntryStatus


@transaction.atomic
def entry_create_draft(
    *,
    title: str,
    summary: str = "",
    results: str = "",
    experiences: str = "",
    lessons: str = "",
    partners: str = "",
    year: int | None = None,
    focus_areas: Iterable[FocusArea] = (),
    project: Project | None = None,
    municipalities=(),
) -> Entry:
    """A draft for staff to edit and publish, e.g. from a working group's final report."""
    entry = Entry.objects.create(
        title=title,
        summary=summary,
        results=results,
        experiences=experiences,
        lessons=lessons,
        partners=partners,
        year=year if year is not None else timezone.localdate().year,
        project=project,
        status=EntryStatus.DRAFT,
    )
    focus_areas = list(focus_areas)
    if not focus_areas and project is not None:
        focus_areas = list(project.focus_areas.all())
    entry.focus_areas.set(focus_areas)
    entry.municipalities.set(municipalities)
    return entry


def entry_publish(*, entry: Entry) -> bool:
    """Publish a draft. Returns False (and changes nothing) when it already is published."""
    now = timezone.now()
    updated = Entry.objects.filter(pk=entry.pk, status=EntryStatus.DRAFT).update(
        status=EntryStatus.PUBLISHED, published_at=now, updated_at=now
    )
    if updated:
        entry.status, entry.published_at = EntryStatus.PUBLISHED, now
        content_changed()  # an update() sends no post_save: drop the cached public pages
    return bool(updated)


def entry_unpublish(*, entry: Entry) -> bool:
    """Take an entry off the portal again; it keeps its text and documents as a draft."""
    updated = Entry.objects.filter(pk=entry.pk, status=EntryStatus.PUBLISHED).update(
        status=EntryStatus.DRAFT, updated_at=timezone.now()
    )
    if updated:
        entry.status = EntryStatus.DRAFT
        content_changed()
    return bool(updated)
