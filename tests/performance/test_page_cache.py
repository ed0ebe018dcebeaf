"""The anonymous page cache and the health check."""

import time

import pytest
from django.db import DatabaseError
from django.urls import reverse

from core.models import SiteSettings
from core.tasks import HEARTBEAT_KEY, worker_heartbeat
from projects.models import Project

from ..factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.MEETREGION_PAGE_CACHE_SECONDS = 60


def test_anonymous_projects_page_is_served_from_cache(
    client, page_cache, django_assert_num_queries
):
    SiteSettings.load()  # created on first use, which counts as a content change
    ProjectFactory(title="Harbour charging")
    first = client.get(reverse("projects:list"))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("projects:list"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert b"Harbour charging" in second.content


def test_a_saved_project_is_visible_at_once(client, page_cache):
    project = ProjectFactory(title="Harbour charging")
    client.get(reverse("projects:list"))
    project.title = "Harbour charging, second phase"
    project.save()
    response = client.get(reverse("projects:list"))
    assert response["X-Page-Cache"] == "miss"
    assert b"second phase" in response.content


def test_a_deleted_project_disappears_at_once(client, page_cache):
    project = ProjectFactory(title="Harbour charging")
    client.get(reverse("projects:list"))
    Project.objects.filter(pk=project.pk).delete()
    assert b"Harbour charging" not in client.get(reverse("projects:list")).content


def test_pages_are_cached_per_language(client, page_cache):
    english = client.get(reverse("portal:home"), headers={"accept-language": "en"})
    swedish = client.get(reverse("portal:home"), headers={"accept-language": "sv"})
    assert swedish["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert swedish["Content-Language"] == "sv"


def test_a_visitor_with_a_session_is_never_served_from_cache(client, page_cache, screener):
    client.get(reverse("projects:list"))
    client.force_login(screener)
    response = client.get(reverse("projects:list"))
    assert "X-Page-Cache" not in response


def test_uncached_pages_pass_through(client, page_cache):
    response = client.get(reverse("search:search") + "?q=harbour")
    assert "X-Page-Cache" not in response


def test_the_cache_is_off_with_zero_seconds(client, settings):
    settings.MEETREGION_PAGE_CACHE_SECONDS = 0
    client.get(reverse("projects:list"))
    assert "X-Page-Cache" not in client.get(reverse("projects:list"))


# --------------------------------------------------------------------- health


def test_health_reports_database_redis_and_a_recent_worker(client):
    worker_heartbeat()
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] is True
    assert body["redis"] is True
    assert body["worker"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_says_when_no_worker_answered_recently(client, settings):
    from django.core.cache import cache

    cache.set(HEARTBEAT_KEY, time.time() - settings.MEETREGION_WORKER_HEARTBEAT_MAX_AGE - 5)
    body = client.get(reverse("core:health")).json()
    assert body["worker"] is False
    assert client.get(reverse("core:health")).status_code == 200


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    class Broken:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(connection, "cursor", lambda: Broken())
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_ping_is_a_few_bytes(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:ping"))
    assert response.content == b"ok"


def test_a_hit_is_answered_before_the_session_and_keeps_the_security_headers(
    client, page_cache, django_assert_num_queries
):
    SiteSettings.load()  # created on first use, which counts as a content change
    client.get(reverse("projects:list"), headers={"accept-language": "sv"})
    with django_assert_num_queries(0):
        hit = client.get(reverse("projects:list"), headers={"accept-language": "sv"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Language"] == "sv"
    assert "Accept-Language" in hit["Vary"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    # The early answer comes before sessions and locale ran on the request.
    assert not hasattr(hit.wsgi_request, "session")


def test_publishing_an_entry_drops_the_cached_list_at_once(client, settings):
    # entry_publish is a conditional update(), which sends no post_save signal.
    from knowledgebank.services import entry_publish

    from ..factories import EntryFactory

    settings.MEETREGION_PAGE_CACHE_SECONDS = 300
    SiteSettings.load()  # created on first use, which counts as a content change
    entry = EntryFactory(status="draft", published_at=None, title="Parcel lockers")
    assert "Parcel lockers" not in client.get("/knowledge-bank/").text
    assert client.get("/knowledge-bank/")["X-Page-Cache"] == "hit"
    assert entry_publish(entry=entry)
    response = client.get("/knowledge-bank/")
    assert response["X-Page-Cache"] == "miss" and "Parcel lockers" in response.text
