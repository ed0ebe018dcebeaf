"""Custom error pages: the site's look and language, never a stack trace, 500/503 without a DB."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db

TRACE_MARKERS = ("Traceback", 'File "', "django.db", "OperationalError", "psycopg")


@pytest.fixture
def crash_client(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def _assert_clean(response, status, heading):
    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    for marker in TRACE_MARKERS:
        assert marker not in body, marker
    assert 'href="/static/css/site.css"' in body  # the site's own style
    assert response.headers.get("Content-Security-Policy")


def _home_raises(error):
    return mock.patch("portal.views.HomeView.get_context_data", side_effect=error)


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (SuspiciousOperation("bad"), 400, "We could not understand that request"),
        (PermissionDenied(), 403, "You may not open this page"),
        (RuntimeError("boom"), 500, "Something went wrong"),
        (OperationalError("server closed the connection"), 503, "temporarily unavailable"),
        (InterfaceError("connection already closed"), 503, "temporarily unavailable"),
    ],
)
def test_error_pages_are_styled_and_have_no_trace(crash_client, error, status, heading):
    with _home_raises(error):
        response = crash_client.get("/")
    _assert_clean(response, status, heading)


def test_404_is_styled(crash_client):
    _assert_clean(crash_client.get("/nowhere/"), 404, "Page not found")


def test_500_and_503_render_without_database_or_context_processors(crash_client):
    down = OperationalError("could not connect to server")
    with (
        _home_raises(RuntimeError("boom")),
        mock.patch("core.context_processors.SiteSettings.load", side_effect=down),
    ):
        _assert_clean(crash_client.get("/"), 500, "Something went wrong")
    with (
        _home_raises(down),
        mock.patch("core.context_processors.SiteSettings.load", side_effect=down),
    ):
        response = crash_client.get("/")
    _assert_clean(response, 503, "temporarily unavailable")
    assert response.headers["Retry-After"]


def test_database_error_outside_a_view_is_a_503_too(crash_client):
    # Raised in middleware (process_exception never sees it): handler500 turns it into a 503.
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = crash_client.get("/")
    _assert_clean(response, 503, "temporarily unavailable")


def test_error_pages_speak_the_visitors_language(crash_client):
    crash_client.cookies["django_language"] = "sv"
    response = crash_client.get("/nowhere/")
    assert response.status_code == 404
    assert '<html lang="sv">' in response.content.decode()
    with _home_raises(RuntimeError("boom")):
        response = crash_client.get("/")
    assert '<html lang="sv">' in response.content.decode()


def test_csrf_failure_has_its_own_page(crash_client, settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ideas/track/", {"email": "a@example.org"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
