import pytest

from ..factories import FocusAreaFactory, IdeaFactory, ProjectFactory


@pytest.fixture
def charging_project(db):
    """The known twin: a public project about shared charging for delivery vans."""
    project = ProjectFactory(
        title="A shared charging network for delivery vans",
        summary="Property owners, logistics firms and the municipality build shared charging "
        "points for electric delivery vans at city-centre loading zones.",
        organisations="Green Logistics AB\nCity Harbour Properties",
        municipality="Demo City",
        start_year=2025,
    )
    project.focus_areas.add(FocusAreaFactory(name="Climate"))
    return project


@pytest.fixture
def hidden_project(db):
    return ProjectFactory(
        title="Secret charging network for delivery vans",
        summary="Not public yet: charging points for delivery vans.",
        is_public=False,
    )


@pytest.fixture
def hidden_idea(db):
    return IdeaFactory(
        title="Private idea about charging delivery vans",
        description="Charging for delivery vans, never made public.",
        is_public=False,
    )
