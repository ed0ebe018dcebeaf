"""The admin idea list stays cheap on a big table: fixed language choices, estimated count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.admin import EstimatedCountPaginator
from ideas.models import Idea

from ..factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_unfiltered_big_table_uses_the_planner_estimate(monkeypatch):
    IdeaFactory.create_batch(3)
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", -2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ideas_idea")
    paginator = EstimatedCountPaginator(Idea.objects.order_by("-submitted_at"), 2)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 3
    assert "reltuples" in ctx.captured_queries[0]["sql"]
    assert "COUNT" not in ctx.captured_queries[0]["sql"].upper()


def test_filtered_or_small_lists_are_counted_exactly(monkeypatch):
    IdeaFactory.create_batch(3, language="sv")
    IdeaFactory(language="en")
    assert EstimatedCountPaginator(Idea.objects.all(), 2).count == 4  # below the threshold
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", -2)
    assert EstimatedCountPaginator(Idea.objects.filter(language="sv"), 2).count == 3


def test_language_filter_offers_the_portal_languages_and_filters(admin_client):
    IdeaFactory(title="Swedish idea", language="sv")
    IdeaFactory(title="English idea", language="en")
    url = reverse("admin:ideas_idea_changelist")
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(url + "?language=sv")
    assert response.status_code == 200
    assert "Swedish idea" in response.text and "English idea" not in response.text
    assert "?language=nb" in response.text  # a choice with no idea yet is still offered
    assert not any("DISTINCT" in q["sql"].upper() for q in ctx.captured_queries)


def test_deep_pages_find_their_rows_through_the_keys_first(monkeypatch):
    """The deferred join returns exactly the rows plain OFFSET would, in the same order."""
    IdeaFactory.create_batch(23)
    ordered = Idea.objects.order_by("-submitted_at", "-pk")
    monkeypatch.setattr(EstimatedCountPaginator, "DEFER_FROM", 0)
    for number in (1, 3, 5):
        with CaptureQueriesContext(connection) as ctx:
            page = EstimatedCountPaginator(ordered, 5).page(number)
            rows = list(page.object_list)
        plain = list(ordered[(number - 1) * 5 : number * 5])
        assert rows == plain
        # First the keys alone (an index-only scan on PostgreSQL), then those rows.
        sqls = [
            q["sql"]
            for q in ctx.captured_queries
            if "COUNT" not in q["sql"] and "reltuples" not in q["sql"]
        ]
        assert sqls[0].startswith('SELECT "ideas_idea"."id" AS "pk"')
        assert len(sqls) == 2
