"""Reads for the pages that draw on several apps: the home page, the municipalities' pages."""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.filters import municipalities_public, municipality_narrow
from core.models import Municipality
from followup.selectors import PublicChart, public_charts
from ideas.models import Criterion, Idea
from ideas.selectors import criteria_published
from knowledgebank.models import Entry
from knowledgebank.selectors import entries_latest
from projects.models import Project
from projects.selectors import projects_latest
from resourcebank.models import Member


@dataclass(frozen=True)
class PortalFigures:
    ideas_received: int
    active_projects: int
    members: int | None  # None until the resource bank has members to count


def portal_figures(*, municipality: Municipality | None = None) -> PortalFigures:
    """Live figures for the home page, or for one municipality's page (what belongs to it by
    core.regions' rule): a handful of COUNT queries, whatever the data size."""
    return PortalFigures(
        ideas_received=municipality_narrow(
            Idea.objects.exclude(reference=None), municipality
        ).count(),
        # Working groups are Projects of kind "working_group" (issue 4), so this counts both.
        active_projects=municipality_narrow(
            Project.objects.public().active(), municipality
        ).count(),
        members=municipality_narrow(Member.objects.active(), municipality).count(),
    )


def portal_charts() -> list[PublicChart]:
    """The region's figures drawn, for the home page."""
    return public_charts()


def municipalities_listed() -> QuerySet[Municipality]:
    """The region's municipalities as the home page lists them: active ones, in order."""
    return municipalities_public().only("pk", "name", "slug", "order")


@dataclass(frozen=True)
class MunicipalityPage:
    municipality: Municipality
    criteria: list[Criterion]
    figures: PortalFigures
    charts: list[PublicChart]
    latest_projects: list[Project]
    latest_entries: list[Entry]


def municipality_page(*, slug: str) -> MunicipalityPage | None:
    """Everything a municipality's public page shows; None unless it is active."""
    municipality = municipalities_public().filter(slug=slug).first()
    if municipality is None:
        return None
    return MunicipalityPage(
        municipality=municipality,
        criteria=list(criteria_published(municipalities=[municipality])),
        figures=portal_figures(municipality=municipality),
        charts=public_charts(municipality=municipality),
        latest_projects=projects_latest(limit=3, municipality=municipality),
        latest_entries=entries_latest(limit=3, municipality=municipality),
    )
