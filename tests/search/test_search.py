import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from core.search import source_get
from core.textsearch import search_config
from projects.models import Project

from ..factories import EntryFactory, IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/search/"


def test_url_contract():
    assert reverse("search:search") == URL


def _titles(response):
    return [hit.title for hit in response.context["hits"]]


def test_a_title_match_ranks_above_body_matches(client):
    # The body mentions the word thirty times; the title once. The title still wins.
    ProjectFactory(title="Summer jobs", summary="Harbour jobs. " * 30)
    EntryFactory(title="Christmas lights", summary="Lights along the harbour streets.")
    ProjectFactory(title="Harbour events", summary="Events for visitors.")
    response = client.get(URL, {"q": "harbour"})
    assert response.status_code == 200
    titles = _titles(response)
    assert titles[0] == "Harbour events"
    assert set(titles) == {"Harbour events", "Summer jobs", "Christmas lights"}


def test_results_are_labelled_by_type_and_can_be_narrowed(client):
    ProjectFactory(title="Charging vans")
    EntryFactory(title="Charging bikes")
    IdeaFactory(title="Charging boats", is_public=True)
    response = client.get(URL, {"q": "charging"})
    assert set(_titles(response)) == {"Charging vans", "Charging bikes", "Charging boats"}
    for label in ("Project", "Knowledge bank", "Public idea"):
        assert label in response.text
    narrowed = client.get(URL, {"q": "charging", "type": "entry"})
    assert _titles(narrowed) == ["Charging bikes"]


def test_nothing_non_public_is_ever_found(client):
    ProjectFactory(title="Secret tunnel", is_public=False)
    EntryFactory(title="Secret tunnel report", status="draft", published_at=None)
    IdeaFactory(title="Secret tunnel idea", is_public=False)
    response = client.get(URL, {"q": "secret tunnel"})
    assert response.status_code == 200
    assert _titles(response) == []
    assert "Secret tunnel report" not in response.text
    assert "Secret tunnel idea" not in response.text
    assert response.context["results"].counts == {"project": 0, "entry": 0, "idea": 0, "member": 0}


def test_stemming_fits_the_language(client):
    ProjectFactory(title="Mentoring engineers")
    assert _titles(client.get(URL, {"q": "engineer"})) == ["Mentoring engineers"]


@pytest.mark.parametrize(
    ("code", "config"),
    [("en", "english"), ("sv", "swedish"), ("nb", "norwegian"), ("fr", "simple")],
)
def test_search_configuration_follows_the_language(code, config):
    with override_settings(LANGUAGE_CODE=code, MEETREGION_SEARCH_CONFIG=""):
        assert search_config() == config


def test_empty_and_odd_queries_do_not_break(client):
    ProjectFactory(title="Anything")
    for q in ("", "   ", '"unclosed', "-", "or", "a" * 500, "'); drop table x; --"):
        response = client.get(URL, {"q": q})
        assert response.status_code == 200


def test_wrong_method(client):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_pagination(client):
    for i in range(25):
        ProjectFactory(title=f"Bridge {i}")
    first = client.get(URL, {"q": "bridge"})
    assert len(first.context["hits"]) == 20
    second = client.get(URL, {"q": "bridge", "page": 2})
    assert len(second.context["hits"]) == 5
    assert 'aria-current="page"' in second.text


@pytest.mark.parametrize("size", [3, 30])
def test_search_queries_are_bounded(client, django_assert_max_num_queries, size):
    for i in range(size):
        ProjectFactory(title=f"Harbour {i}")
        EntryFactory(title=f"Harbour entry {i}")
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"q": "harbour"}).status_code == 200


def test_the_stored_vector_is_kept_up_to_date_and_its_gin_index_is_used():
    project = ProjectFactory(title="Old words")
    project.title = "Lighthouse renovation"
    project.save()
    source = source_get("project")
    from core.search import scored

    assert list(scored(source, "lighthouse").values_list("pk", flat=True)) == [project.pk]
    # The same expression the search uses, without the is_public filter the planner may
    # prefer on a tiny table.
    query = scored(source, "lighthouse", queryset=Project.objects.all()).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "project_search_gin" in plan


def test_search_vectors_rebuild_covers_bulk_updates():
    project = ProjectFactory(title="Before")
    Project.objects.filter(pk=project.pk).update(title="Windmill")
    source = source_get("project")
    from core.search import scored

    assert not scored(source, "windmill").exists()
    Project.search_vectors_rebuild()
    assert scored(source, "windmill").exists()


def test_search_reindex_command_restores_vectors_after_a_bulk_update():
    from io import StringIO

    from django.core.management import call_command

    from core.search import scored

    project = ProjectFactory(title="Before")
    Project.objects.filter(pk=project.pk).update(title="Watermill")
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "reindexed" in out.getvalue()
    assert scored(source_get("project"), "watermill").exists()
