"""Reads shared by the public pages, the admin and the home page."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet

from ideas.models import Idea

from .models import Project
from .search import SearchResults, SimilarItem, search_results, similar_items

__all__ = [
    "SearchResults",
    "SimilarItem",
    "idea_public_get",
    "portal_figures",
    "project_public_get",
    "projects_latest",
    "projects_public",
    "search_results",
    "similar_items",
]


def projects_public() -> QuerySet[Project]:
    return Project.objects.public().prefetch_related("focus_areas")


def project_public_get(*, slug: str) -> Project | None:
    return projects_public().filter(slug=slug).first()


def projects_latest(*, limit: int = 3) -> list[Project]:
    return list(projects_public().exclude(status="finished")[:limit])


def idea_public_get(*, pk: int) -> Idea | None:
    return (
        Idea.objects.filter(is_public=True, pk=pk)
        .only("pk", "title", "description", "submitted_at")
        .prefetch_related("focus_areas")
        .first()
    )


@dataclass(frozen=True)
class PortalFigures:
    ideas_received: int
    active_projects: int
    members: int | None  # None until the resource bank has members to count


def _members_count() -> int | None:
    try:
        member = apps.get_model("resourcebank", "Member")
    except LookupError:
        return None
    for name in ("public", "active"):
        method = getattr(member.objects, name, None)
        if callable(method):
            return method().count()
    return None


def portal_figures() -> PortalFigures:
    """Live figures for the home page: a handful of COUNT queries, whatever the data size."""
    return PortalFigures(
        ideas_received=Idea.objects.exclude(reference=None).count(),
        # Working groups are Projects of kind "working_group" (issue 4), so this counts both.
        active_projects=Project.objects.public().active().count(),
        members=_members_count(),
    )
