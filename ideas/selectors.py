"""Reads shared by the public pages and the admin."""

from django.db.models import QuerySet

from .models import Criterion, Idea, StageChange


def criteria_published() -> QuerySet[Criterion]:
    return Criterion.objects.published()


def idea_timeline(*, idea: Idea) -> QuerySet[StageChange]:
    """The stage changes the submitter may see: who made them stays internal."""
    return StageChange.objects.filter(idea=idea).select_related("handed_to").defer("by")
