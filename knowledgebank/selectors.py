"""Reads for the public knowledge bank."""

from django.db.models import Prefetch, QuerySet

from .models import Document, Entry


def entries_published() -> QuerySet[Entry]:
    return Entry.objects.published().prefetch_related("focus_areas")


def entry_published_get(*, slug: str) -> Entry | None:
    return (
        entries_published()
        .select_related("project")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("order", "pk")))
        .filter(slug=slug)
        .first()
    )


def document_published_get(*, slug: str, pk: int) -> Document | None:
    """A document only while its entry is published."""
    return (
        Document.objects.select_related("entry")
        .filter(pk=pk, entry__slug=slug, entry__status="published")
        .first()
    )


def entries_latest(*, limit: int = 3) -> list[Entry]:
    return list(entries_published()[:limit])
