"""Server-Timing (core/timing.py), which `make bench` reads to measure each page's database
time: the queries a request runs, template rendering included, and their time."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from core.timing import ServerTimingMiddleware

pytestmark = pytest.mark.django_db


def _view(request):
    get_user_model().objects.count()
    get_user_model().objects.exists()
    return HttpResponse("ok")


def test_the_header_counts_the_requests_queries_and_their_time():
    response = ServerTimingMiddleware(_view)(RequestFactory().get("/"))
    header = response["Server-Timing"]
    found = re.fullmatch(r'app;dur=([\d.]+), db;dur=([\d.]+);desc="(\d+) queries"', header)
    assert found, header
    app, db, queries = float(found[1]), float(found[2]), int(found[3])
    assert queries == 2
    assert 0 < db <= app


def test_it_is_off_unless_the_setting_asks_for_it(client):
    assert "Server-Timing" not in client.get("/healthz/ping/")
