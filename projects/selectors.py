"""Reads shared by the public pages, the admin and the home page."""

from django.db.models import QuerySet

from core.filters import municipality_narrow
from ideas.models import Idea

from .models import Project

__all__ = [
    "idea_public_get",
    "project_public_get",
    "projects_latest",
    "projects_public",
]


def projects_public() -> QuerySet[Project]:
    return Project.objects.public().prefetch_related("focus_areas", "municipalities")


def project_public_get(*, slug: str) -> Project | None:
    return projects_public().filter(slug=slug).first()


def projects_latest(*, limit: int = 3, municipality=None) -> list[Project]:
    """The newest unfinished public projects, of the whole region or of `municipality`."""
    projects = municipality_narrow(projects_public(), municipality)
    return list(projects.exclude(status="finished")[:limit])


def idea_public_get(*, pk: int) -> Idea | None:
    return (
        Idea.objects.filter(is_public=True, pk=pk)
        .only("pk", "title", "description", "submitted_at")
        .prefetch_related("focus_areas")
        .first()
    )
