"""Reads for the pages that draw on several apps: the home page's figures."""

from dataclasses import dataclass

from ideas.models import Idea
from projects.models import Project
from resourcebank.models import Member


@dataclass(frozen=True)
class PortalFigures:
    ideas_received: int
    active_projects: int
    members: int | None  # None until the resource bank has members to count


def portal_figures() -> PortalFigures:
    """Live figures for the home page: a handful of COUNT queries, whatever the data size."""
    return PortalFigures(
        ideas_received=Idea.objects.exclude(reference=None).count(),
        # Working groups are Projects of kind "working_group" (issue 4), so this counts both.
        active_projects=Project.objects.public().active().count(),
        members=Member.objects.active().count(),
    )
