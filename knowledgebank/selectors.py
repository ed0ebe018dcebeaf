"""Reads for the public knowledge bank."""

from django.db.models import Prefetch, QuerySet

from core.filters import municipality_narrow

from .models import Document, Entry


def entries_published() -> QuerySet[Entry]:
    return Entry.objects.published().prefetch_related("focus_areas", "municipalities")


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


def entries_latest(*, limit: int = 3, municipality=None) -> list[Entry]:
    """The newest published entries, of the whole region or of `municipality`."""
    return list(municipality_narrow(entries_published(), municipality)[:limit])
