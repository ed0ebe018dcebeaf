"""Reads shared by the public pages and the admin."""

from django.db.models import QuerySet

from core.models import Municipality

from .models import Criterion, Idea, StageChange


def criteria_published(*, municipalities=None) -> QuerySet[Criterion]:
    """The region's published criteria, and those of `municipalities` when given."""
    return Criterion.objects.published().for_municipalities(municipalities or [])


def criteria_published_all() -> QuerySet[Criterion]:
    """The region's criteria and every municipality's own, grouped region first."""
    return Criterion.objects.published().by_municipality()


def municipalities_chosen(*, slugs) -> list[Municipality]:
    """The active municipalities named by their address names (in the region's order)."""
    slugs = [slug for slug in slugs if slug][:50]
    return list(Municipality.objects.active().filter(slug__in=slugs)) if slugs else []


def idea_timeline(*, idea: Idea) -> QuerySet[StageChange]:
    """The stage changes the submitter may see: who made them stays internal."""
    return StageChange.objects.filter(idea=idea).select_related("handed_to").defer("by")
