"""A region of two active municipalities and a switched-off one, with rows of each, a row
shared by the two, and a row of the whole region (of none) in every public list."""

from dataclasses import dataclass

import pytest

from core.models import Municipality

from ..factories import (
    CriterionFactory,
    EntryFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    ProjectFactory,
)


@dataclass
class Region:
    north: object
    south: object
    hidden: object


def _project(title, places, **kwargs):
    project = ProjectFactory(title=title, **kwargs)
    project.municipalities.set(places)
    return project


def _entry(title, places, **kwargs):
    entry = EntryFactory(title=title, **kwargs)
    entry.municipalities.set(places)
    return entry


@pytest.fixture
def region(db):
    north = MunicipalityFactory(
        name="Northvik",
        order=1,
        intro="The harbour town of the region.",
        business_unit_name="Northvik Business Office",
        business_unit_email="business@northvik.example",
        business_pilot_name="Northvik Business Pilot",
        business_pilot_description="Permits for shops and restaurants.",
        business_pilot_phone="+46 40 11 22 33",
        business_pilot_email="pilot@northvik.example",
        business_pilot_url="https://northvik.example/pilot",
        business_pilot_hours="Weekdays 9-16",
    )
    south = MunicipalityFactory(name="Southby", order=2)
    hidden = MunicipalityFactory(name="Hiddenby", order=0, is_active=False)

    _project("North harbour project", [north])
    _project("South harbour project", [south])
    _project("Shared harbour project", [north, south])
    _project("Region harbour project", [])
    _project("Hiddenby harbour project", [hidden])
    _project("Secret North harbour project", [north], is_public=False)
    _project("Finished North harbour project", [north], status="finished")

    _entry("North harbour entry", [north])
    _entry("South harbour entry", [south])
    _entry("Shared harbour entry", [north, south])
    _entry("Region harbour entry", [])
    _entry("Draft North harbour entry", [north], status="draft", published_at=None)

    MemberFactory(name="Nora Harbour", municipality=north)
    MemberFactory(name="Sven Harbour", municipality=south)
    MemberFactory(name="Hilda Harbour", municipality=hidden)
    MemberFactory(name="Pia Harbour", municipality=north, status="pending", confirmed_at=None)

    IdeaFactory(title="North harbour idea", is_public=True, municipality=north)
    IdeaFactory(title="Shared harbour idea", is_public=True, municipalities=[north, south])
    IdeaFactory(title="Region harbour idea", is_public=True)
    IdeaFactory(title="Private North harbour idea", is_public=False, municipality=north)
    IdeaFactory(title="Unfiled North idea", reference=None, municipality=north)

    CriterionFactory(title="Region criterion")
    CriterionFactory(title="Northvik criterion", municipality=north)
    CriterionFactory(title="Southby criterion", municipality=south)
    CriterionFactory(title="Unpublished Northvik criterion", municipality=north, is_published=False)
    # Only these three: not the default municipality every migrated database starts with, nor
    # the one ProjectFactory gives each project before the test sets its own.
    Municipality.objects.exclude(pk__in=[north.pk, south.pk, hidden.pk]).delete()
    return Region(north=north, south=south, hidden=hidden)
