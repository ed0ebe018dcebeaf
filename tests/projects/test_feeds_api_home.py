"""Feeds, open data and the home page: public things only, stable shapes, bounded queries."""

import csv
import io

import pytest

from portal import api

from ..factories import EntryFactory, IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(db):
    ProjectFactory(title="Visible project", organisations='=HYPERLINK("x")')
    ProjectFactory(title="Hidden project", is_public=False)
    EntryFactory(title="Visible entry")
    EntryFactory(title="Draft entry", status="draft", published_at=None)
    IdeaFactory(title="Hidden idea", is_public=False)


@pytest.mark.parametrize(
    "url",
    [
        "/projects/feed/",
        "/knowledge-bank/feed/",
        "/api/projects.json",
        "/api/projects.csv",
        "/api/knowledge-bank.json",
        "/api/knowledge-bank.csv",
        "/",
        "/projects/",
        "/knowledge-bank/",
    ],
)
def test_nothing_non_public_on_any_public_page(client, mixed, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hidden project" not in body and "Draft entry" not in body
    assert "Hidden idea" not in body


def test_feeds_are_atom_with_the_public_items(client, mixed):
    response = client.get("/projects/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Visible project" in response.text
    assert "Visible entry" in client.get("/knowledge-bank/feed/").text


def test_json_has_stable_field_names_and_pages(client, mixed):
    data = client.get("/api/projects.json").json()
    assert data["count"] == 1 and data["next"] is None
    assert list(data["results"][0]) == api.FIELDS["projects"]
    entries = client.get("/api/knowledge-bank.json").json()
    assert list(entries["results"][0]) == api.FIELDS["knowledge-bank"]
    assert client.get("/api/projects.json", {"page": 5}).status_code == 404
    assert client.get("/api/projects.json", {"page": "x"}).status_code == 404
    assert client.post("/api/projects.json").status_code == 405


def test_json_pagination(client, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    for i in range(3):
        ProjectFactory(title=f"P{i}")
    first = client.get("/api/projects.json").json()
    assert len(first["results"]) == 2 and first["next"].endswith("?page=2")
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["P2"]


def test_csv_header_and_formula_escaping(client, mixed):
    response = client.get("/api/projects.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == api.FIELDS["projects"]
    partners = rows[1][rows[0].index("partners")]
    assert partners.startswith("'=")
    empty = client.get("/api/knowledge-bank.csv")
    assert empty.status_code == 200


def test_csv_header_on_an_empty_dataset(client):
    rows = list(csv.reader(io.StringIO(client.get("/api/projects.csv").content.decode())))
    assert rows == [api.FIELDS["projects"]]


def test_home_shows_latest_public_work_and_live_figures(client, mixed):
    IdeaFactory(title="Counted idea")
    response = client.get("/")
    assert response.status_code == 200
    assert "Visible project" in response.text and "Visible entry" in response.text
    figures = response.context["figures"]
    assert figures.ideas_received == 2
    assert figures.active_projects == 1


@pytest.mark.parametrize("size", [2, 20])
def test_home_queries_are_bounded(client, django_assert_max_num_queries, size):
    for i in range(size):
        ProjectFactory(title=f"P{i}")
        EntryFactory(title=f"E{i}")
    # 15, and the two GROUP BY queries of the small charts (issue 17).
    with django_assert_max_num_queries(17):
        assert client.get("/").status_code == 200
