"""`?municipality=<address name>` on every public list, the search, the feeds and the open
data: exactly the rows of that municipality (a shared row under each of its municipalities, a
row of the whole region under none), and bad values explained, never a 500."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.models import FocusArea
from core.search import SearchSource
from portal import api

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\u0085\u2028\u2029\ufeff"

NORTH_PROJECTS = {
    "North harbour project",
    "Shared harbour project",
    "Finished North harbour project",
}
SOUTH_PROJECTS = {"South harbour project", "Shared harbour project"}
ALL_PROJECTS = (
    NORTH_PROJECTS | SOUTH_PROJECTS | {"Region harbour project", "Hiddenby harbour project"}
)
NORTH_ENTRIES = {"North harbour entry", "Shared harbour entry"}
SOUTH_ENTRIES = {"South harbour entry", "Shared harbour entry"}
ALL_ENTRIES = NORTH_ENTRIES | SOUTH_ENTRIES | {"Region harbour entry"}
NORTH_MEMBERS = {"Nora Harbour"}
SOUTH_MEMBERS = {"Sven Harbour"}
ALL_MEMBERS = {"Nora Harbour", "Sven Harbour", "Hilda Harbour"}


def _projects(response):
    return {p.title for p in response.context["projects"]}


def _entries(response):
    return {e.title for e in response.context["entries"]}


def _members(response):
    return {m.name for m in response.context["members"]}


LISTS = {
    # name: (url, rows shown, all, north, south)
    "projects": ("/projects/", _projects, ALL_PROJECTS, NORTH_PROJECTS, SOUTH_PROJECTS),
    "knowledge bank": ("/knowledge-bank/", _entries, ALL_ENTRIES, NORTH_ENTRIES, SOUTH_ENTRIES),
    "resource bank": ("/resource-bank/", _members, ALL_MEMBERS, NORTH_MEMBERS, SOUTH_MEMBERS),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_shows_exactly_the_rows_of_the_municipality(client, region, name):
    url, shown, everything, north, south = LISTS[name]
    assert shown(client.get(url)) == everything
    assert shown(client.get(url, {"municipality": "northvik"})) == north
    assert shown(client.get(url, {"municipality": "southby"})) == south


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_offers_the_active_municipalities_by_address_name(client, region, name):
    text = client.get(LISTS[name][0]).text
    assert '<option value="northvik">Northvik</option>' in text
    assert '<option value="southby">Southby</option>' in text
    assert 'value="hiddenby"' not in text


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize(
    "value", ["nowhere", "hiddenby", "<script>alert(1)</script>", "north\x00vik", "x" * 5000, "ö"]
)
def test_a_bad_municipality_is_explained_and_left_out(client, region, name, value):
    url, shown, everything, _north, _south = LISTS[name]
    response = client.get(url, {"municipality": value})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert shown(response) == everything
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize("name", list(LISTS))
def test_a_filtered_list_refuses_other_methods(client, region, name):
    assert client.post(LISTS[name][0] + "?municipality=northvik").status_code == 405


def test_the_municipality_combines_with_the_other_filters(client, region):
    response = client.get("/projects/", {"municipality": "northvik", "stage": "finished"})
    assert _projects(response) == {"Finished North harbour project"}
    response = client.get("/knowledge-bank/", {"municipality": "southby", "q": "shared"})
    assert _entries(response) == {"Shared harbour entry"}
    response = client.get("/resource-bank/", {"municipality": "southby", "q": "nora"})
    assert _members(response) == set()


def test_a_filtered_list_links_its_feed_and_open_data_of_the_same_municipality(client, region):
    text = client.get("/projects/", {"municipality": "northvik"}).text
    for url in ("/projects/feed/", "/api/projects.json", "/api/projects.csv"):
        assert f'href="{url}?municipality=northvik"' in text
    assert 'href="/m/northvik/"' in text
    text = client.get("/knowledge-bank/", {"municipality": "southby"}).text
    for url in ("/knowledge-bank/feed/", "/api/knowledge-bank.json", "/api/knowledge-bank.csv"):
        assert f'href="{url}?municipality=southby"' in text
    assert 'href="/api/projects.json"' in client.get("/projects/").text


def test_entries_name_their_municipalities(client, region):
    text = client.get("/knowledge-bank/", {"municipality": "northvik"}).text
    assert "Northvik, Southby" in text


# --------------------------------------------------------------------- the resource bank's old links


def test_an_old_resource_bank_link_by_number_leads_to_the_address_name(client, region):
    response = client.get("/resource-bank/", {"municipality": region.south.pk, "q": "sven"})
    assert response.status_code == 301
    assert response["Location"] == "/resource-bank/?municipality=southby&q=sven"
    assert _members(client.get(response["Location"])) == SOUTH_MEMBERS


def test_an_old_link_to_an_inactive_or_unknown_number_is_explained(client, region):
    for value in (region.hidden.pk, 987654, "99999999999999999999"):
        response = client.get("/resource-bank/", {"municipality": value})
        assert response.status_code == 200, value
        assert "Some filters were not understood" in response.text
        assert _members(response) == ALL_MEMBERS


# --------------------------------------------------------------------- search


def _hits(response):
    return {hit.title for hit in response.context["hits"]}


def test_search_narrows_every_source_to_the_municipality(client, region):
    everything = client.get("/search/", {"q": "harbour"})
    assert {"Region harbour project", "Region harbour entry", "Region harbour idea"} <= _hits(
        everything
    )
    response = client.get("/search/", {"q": "harbour", "municipality": "northvik"})
    assert response.status_code == 200
    assert _hits(response) == (
        NORTH_PROJECTS
        | NORTH_ENTRIES
        | NORTH_MEMBERS
        | {"North harbour idea", "Shared harbour idea"}
    )
    assert response.context["results"].counts == {"project": 3, "entry": 2, "idea": 2, "member": 1}
    south = client.get("/search/", {"q": "harbour", "municipality": "southby", "type": "idea"})
    assert _hits(south) == {"Shared harbour idea"}


def test_search_keeps_the_municipality_in_its_kind_links(client, region):
    text = client.get("/search/", {"q": "harbour", "municipality": "northvik"}).text
    assert "type=entry" in text and "municipality=northvik" in text.split("type=entry")[0][-200:]
    assert '<option value="northvik" selected>Northvik</option>' in text


def test_a_source_without_municipalities_is_left_out_of_a_narrowed_search(
    client, region, monkeypatch
):
    from core import search

    FocusArea.objects.create(name="Harbour logistics", description="Ports.")
    monkeypatch.setitem(
        search._SOURCES,
        "area",
        SearchSource(
            key="area",
            label="Focus area",
            label_plural="Focus areas",
            queryset=lambda: FocusArea.objects.all(),
            title_field="name",
            snippet_field="description",
            body_fields=("description",),
            vector_field=None,
            url=lambda area: "/",
        ),
    )
    assert "Harbour logistics" in _hits(client.get("/search/", {"q": "harbour"}))
    narrowed = client.get("/search/", {"q": "harbour", "municipality": "northvik"})
    assert "Harbour logistics" not in _hits(narrowed)
    assert narrowed.context["results"].counts["area"] == 0


@pytest.mark.parametrize("value", ["nowhere", "hiddenby", "\x00", "y" * 5000])
def test_search_explains_a_bad_municipality_and_searches_everything(client, region, value):
    response = client.get("/search/", {"q": "harbour", "municipality": value})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert "Region harbour project" in _hits(response)


def test_search_refuses_post(client, region):
    assert client.post("/search/?q=harbour&municipality=northvik").status_code == 405


# --------------------------------------------------------------------- feeds


def _feed(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, built by Django
    titles = {e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")}
    links = {
        link.get("rel") or "alternate": link.get("href") for link in root.findall(f"{ATOM}link")
    }
    return root.findtext(f"{ATOM}title"), titles, links


def test_the_project_feed_of_a_municipality(client, region):
    title, titles, links = _feed(client.get("/projects/feed/", {"municipality": "northvik"}))
    assert title == "New projects in Northvik"
    assert titles == NORTH_PROJECTS
    assert links["alternate"].endswith("/projects/?municipality=northvik")
    assert links["self"].endswith("/projects/feed/?municipality=northvik")
    _title, titles, _links = _feed(client.get("/projects/feed/"))
    assert titles == ALL_PROJECTS


def test_the_knowledge_bank_feed_of_a_municipality(client, region):
    title, titles, links = _feed(client.get("/knowledge-bank/feed/", {"municipality": "southby"}))
    assert title == "New in the knowledge bank from Southby"
    assert titles == SOUTH_ENTRIES
    assert links["alternate"].endswith("/knowledge-bank/?municipality=southby")
    _title, titles, _links = _feed(client.get("/knowledge-bank/feed/"))
    assert titles == ALL_ENTRIES


@pytest.mark.parametrize("url", ["/projects/feed/", "/knowledge-bank/feed/"])
@pytest.mark.parametrize("value", ["nowhere", "hiddenby", "\x00", "z" * 5000])
def test_a_feed_of_no_municipality_is_not_found(client, region, url, value):
    assert client.get(url, {"municipality": value}).status_code == 404


@pytest.mark.parametrize("url", ["/projects/feed/", "/knowledge-bank/feed/"])
def test_feeds_refuse_other_methods(client, region, url):
    assert client.post(url + "?municipality=northvik").status_code == 405
    assert client.head(url).status_code == 200


# --------------------------------------------------------------------- open data


API = {
    # dataset: (path, the row's name field, north, south, all)
    "projects": ("/api/projects", "title", NORTH_PROJECTS, SOUTH_PROJECTS, ALL_PROJECTS),
    "knowledge-bank": (
        "/api/knowledge-bank",
        "title",
        NORTH_ENTRIES,
        SOUTH_ENTRIES,
        ALL_ENTRIES,
    ),
    "members": ("/api/members", "name", NORTH_MEMBERS, SOUTH_MEMBERS, ALL_MEMBERS),
}


@pytest.mark.parametrize("dataset", list(API))
def test_open_data_json_of_a_municipality(client, region, dataset):
    path, name, north, south, everything = API[dataset]
    data = client.get(f"{path}.json", {"municipality": "northvik"}).json()
    assert {row[name] for row in data["results"]} == north
    assert data["count"] == len(north)
    assert all("northvik" in row["municipalities"] for row in data["results"])
    assert list(data["results"][0]) == api.FIELDS[dataset]
    south_rows = client.get(f"{path}.json", {"municipality": "southby"}).json()["results"]
    assert {row[name] for row in south_rows} == south
    all_rows = client.get(f"{path}.json").json()["results"]
    assert {row[name] for row in all_rows} == everything


@pytest.mark.parametrize("dataset", list(API))
def test_open_data_csv_of_a_municipality(client, region, dataset):
    path, name, north, _south, _all = API[dataset]
    response = client.get(f"{path}.csv", {"municipality": "northvik"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row[name] for row in rows} == north
    assert response["X-Total-Count"] == str(len(north))
    assert list(rows[0]) == api.FIELDS[dataset]


def test_open_data_rows_list_the_address_names_of_their_municipalities(client, region):
    entries = client.get("/api/knowledge-bank.json").json()["results"]
    by_title = {row["title"]: row["municipalities"] for row in entries}
    assert by_title["Shared harbour entry"] == ["northvik", "southby"]
    assert by_title["Region harbour entry"] == []
    members = client.get("/api/members.json").json()["results"]
    assert {row["name"]: row["municipalities"] for row in members}["Sven Harbour"] == ["southby"]


def test_open_data_fields_are_only_added_never_renamed(db):
    # The fields before the region's municipalities, in their order, then the new ones.
    assert api.FIELDS["knowledge-bank"][:14] == [
        "id",
        "slug",
        "url",
        "title",
        "summary",
        "results",
        "experiences",
        "lessons",
        "partners",
        "focus_areas",
        "year",
        "published_at",
        "project",
        "documents",
    ]
    assert api.FIELDS["knowledge-bank"][14:] == ["municipalities"]
    assert api.FIELDS["members"][-2:] == ["certificate_url", "municipalities"]


def test_open_data_pages_keep_the_municipality(client, region, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 1)
    first = client.get("/api/projects.json", {"municipality": "southby"}).json()
    assert first["count"] == 2
    assert first["next"].endswith("/api/projects.json?municipality=southby&page=2")
    second = client.get(first["next"]).json()
    assert second["previous"].endswith("/api/projects.json?municipality=southby&page=1")
    assert second["next"] is None
    titles = {first["results"][0]["title"], second["results"][0]["title"]}
    assert titles == SOUTH_PROJECTS
    response = client.get("/api/members.csv", {"municipality": "northvik"})
    assert "Link" not in response  # one page
    response = client.get("/api/projects.csv", {"municipality": "southby"})
    assert 'municipality=southby&page=2>; rel="next"' in response["Link"]


@pytest.mark.parametrize("dataset", list(API))
@pytest.mark.parametrize("value", ["nowhere", "hiddenby", "\x00", "w" * 5000])
def test_open_data_answers_400_to_a_bad_municipality(client, region, dataset, value):
    path = API[dataset][0]
    response = client.get(f"{path}.json", {"municipality": value})
    assert response.status_code == 400
    assert response.json() == {"error": "no such municipality"}
    response = client.get(f"{path}.csv", {"municipality": value})
    assert response.status_code == 400
    assert response.content == b"no such municipality\n"


@pytest.mark.parametrize("dataset", list(API))
def test_open_data_refuses_post_with_a_municipality(client, region, dataset):
    path = API[dataset][0]
    assert client.post(f"{path}.json?municipality=northvik").status_code == 405
    assert client.post(f"{path}.csv?municipality=northvik").status_code == 405


# --------------------------------------------------------------------- any value at all

FILTERED = [
    "/projects/",
    "/knowledge-bank/",
    "/resource-bank/",
    "/search/?q=harbour",
    "/projects/feed/",
    "/knowledge-bank/feed/",
    "/api/projects.json",
    "/api/knowledge-bank.csv",
    "/api/members.json",
]


@given(value=st.one_of(st.text(max_size=200), st.text(alphabet=CONTROL, max_size=20)))
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_municipality_value_is_ever_a_server_error(client, region, value):
    for url in FILTERED:
        response = client.get(url, {"municipality": value})
        assert response.status_code in (200, 301, 400, 404), (url, value, response.status_code)
