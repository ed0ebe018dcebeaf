import pytest

from resourcebank.models import Member
from tests.factories import FocusAreaFactory, MemberFactory, MunicipalityFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    retail, it = SectorFactory(name="Retail"), SectorFactory(name="IT")
    north, south = MunicipalityFactory(name="Northvik"), MunicipalityFactory(name="Southby")
    climate = FocusAreaFactory(name="Climate")
    return {
        "anna": MemberFactory(
            name="Anna Berg",
            company_name="Berg Bygg AB",
            municipality=north,
            sectors=[retail],
            focus_areas=[climate],
        ),
        "erik": MemberFactory(
            name="Erik Lind", company_name="Lind Café", municipality=south, sectors=[it, retail]
        ),
        "pending": MemberFactory(
            name="Pia Pending",
            status=Member.Status.PENDING,
            municipality=north,
            sectors=[retail],
            certificate_code=None,
        ),
        "retail": retail,
        "it": it,
        "north": north,
        "south": south,
        "climate": climate,
    }


def _names(response):
    return sorted(m.name for m in response.context["members"])


def test_directory_lists_active_members_only_without_private_data(client, people):
    response = client.get("/resource-bank/")
    assert response.status_code == 200
    assert _names(response) == ["Anna Berg", "Erik Lind"]
    assert "Pia Pending" not in response.text
    assert people["anna"].email not in response.text
    assert people["anna"].phone not in response.text
    assert "Berg Bygg AB" in response.text and "Retail" in response.text


def test_directory_filters_on_sector_focus_area_and_municipality(client, people):
    assert _names(client.get("/resource-bank/", {"sector": people["it"].pk})) == ["Erik Lind"]
    assert _names(client.get("/resource-bank/", {"sector": people["retail"].pk})) == [
        "Anna Berg",
        "Erik Lind",
    ]  # no duplicates through the many-to-many join
    assert _names(client.get("/resource-bank/", {"focus_area": people["climate"].pk})) == [
        "Anna Berg"
    ]
    assert _names(client.get("/resource-bank/", {"municipality": "southby"})) == ["Erik Lind"]
    assert (
        _names(
            client.get("/resource-bank/", {"municipality": "northvik", "sector": people["it"].pk})
        )
        == []
    )


def test_directory_searches_name_or_company(client, people):
    assert _names(client.get("/resource-bank/", {"q": "berg bygg"})) == ["Anna Berg"]
    assert _names(client.get("/resource-bank/", {"q": "erik"})) == ["Erik Lind"]
    assert _names(client.get("/resource-bank/", {"q": "pia"})) == []


def test_a_bad_filter_value_is_not_a_crash(client, people):
    response = client.get("/resource-bank/", {"sector": "nonsense", "page": "x"})
    assert response.status_code == 200


def test_directory_is_paginated_with_bounded_queries(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sector, area = SectorFactory(), FocusAreaFactory()
    for _ in range(3):
        MemberFactory(sectors=[sector], focus_areas=[area])
    with CaptureQueriesContext(connection) as few:
        client.get("/resource-bank/")
    for _ in range(27):
        MemberFactory(sectors=[sector], focus_areas=[area])
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get("/resource-bank/")
    assert len(first.context["members"]) == 24
    second = client.get("/resource-bank/", {"page": 2})
    assert len(second.context["members"]) == 6
    assert "page=2" in first.text


def test_directory_refuses_post(client):
    assert client.post("/resource-bank/").status_code == 405


def test_profile_page_shows_an_active_member(client, people):
    anna = people["anna"]
    response = client.get(anna.get_absolute_url())
    assert response.status_code == 200
    assert "Anna Berg" in response.text and "Northvik" in response.text
    assert anna.email not in response.text


def test_profile_of_a_pending_member_is_not_found(client, people):
    assert client.get(people["pending"].get_absolute_url()).status_code == 404


def test_profile_refuses_post(client, people):
    assert client.post(people["anna"].get_absolute_url()).status_code == 405
