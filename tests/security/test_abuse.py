"""Abuse: staff sign-in lockout, honeypots, rate limits, CSRF on every post."""

import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ideas.models import Idea
from notifications.models import Email
from resourcebank.models import Member
from workgroups.models import Invitation, Report

from ..factories import MunicipalityFactory, SectorFactory, idea_form_data, member_form_data
from .conftest import public_urls

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _login(client, password, username="screener", ip="198.51.100.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_staff_login_locks_after_five_failures_for_fifteen_minutes(screener):
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    assert _login(client, "wrong").status_code == 429  # the fifth failure locks
    locked = _login(client, "correct horse battery staple")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    # Another address, or another user from the same address, is not locked out.
    assert _login(Client(), "correct horse battery staple", ip="203.0.113.9").status_code == 302
    assert _login(Client(), "wrong", username="someone-else").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _login(Client(), "correct horse battery staple").status_code == 302


def test_force_login_is_not_affected_by_axes(client, screener):
    client.force_login(screener)
    assert client.get("/admin/").status_code == 200


# -- honeypots --------------------------------------------------------------------------


def _bot(data):
    return {**data, "website": "http://spam.example"}


def test_honeypot_idea_form_creates_nothing_but_looks_like_success(client):
    response = client.post("/ideas/new/", _bot(idea_form_data(confirmed_similar="1")))
    assert response.status_code == 302
    assert not Idea.objects.exists()
    assert not Email.objects.exists()


def test_honeypot_join_and_sign_in_and_tracking_create_nothing(client, world):
    before = (Member.objects.count(), Email.objects.count())
    municipality, sector = MunicipalityFactory(), SectorFactory()
    data = member_form_data(municipality=municipality, sectors=[sector], email="bot@x.example")
    response = client.post("/resource-bank/join/", _bot(data))
    assert response.status_code == 302 and response["Location"] == "/resource-bank/join/sent/"
    assert (
        client.post("/resource-bank/sign-in/", _bot({"email": world.member.email})).status_code
        == 302
    )
    assert client.post("/ideas/track/", _bot({"email": world.idea.email})).status_code == 302
    assert (Member.objects.count(), Email.objects.count()) == before


def test_honeypot_invitation_and_reports_change_nothing(client, world):
    urls = public_urls(world)
    reports = Report.objects.count()  # the world's group has filed one, with an attachment
    client.post(urls["workgroups:invitation"], _bot({"answer": "accept"}))
    world.invitation.refresh_from_db()
    assert world.invitation.status == Invitation.Status.PENDING
    client.post(urls["workgroups:report"], _bot({"summary": "spam " * 20}))
    assert Report.objects.count() == reports


def test_forms_carry_the_honeypot(client, world):
    urls = public_urls(world)
    for name in (
        "ideas:tracking_request",
        "resourcebank:join",
        "resourcebank:sign_in",
        "workgroups:report",
        "workgroups:report_final",
        "workgroups:invitation",
    ):
        assert 'name="website"' in client.get(urls[name]).content.decode(), name
    page = client.get("/ideas/new/?matter=idea").content.decode()
    assert 'name="website"' in page


# -- rate limits ------------------------------------------------------------------------


def test_eleventh_submission_from_one_address_in_an_hour_gets_429(client):
    for n in range(10):
        response = client.post("/ideas/new/", idea_form_data(confirmed_similar="1"))
        assert response.status_code == 302, n
    eleventh = client.post("/ideas/new/", idea_form_data(confirmed_similar="1"))
    assert eleventh.status_code == 429
    body = eleventh.content.decode()
    assert "Too many attempts" in body and "try again in about" in body
    assert int(eleventh["Retry-After"]) > 0
    assert Idea.objects.count() == 10
    # Another address is not affected; an hour later the first one may post again.
    other = client.post(
        "/ideas/new/", idea_form_data(confirmed_similar="1"), REMOTE_ADDR="192.0.2.50"
    )
    assert other.status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client.post("/ideas/new/", idea_form_data(confirmed_similar="1")).status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "ideas:tracking_request",
        "resourcebank:sign_in",
        "resourcebank:join",
        "workgroups:invitation",
        "workgroups:report",
    ],
)
def test_every_public_form_is_rate_limited(client, world, name):
    url = public_urls(world)[name]
    statuses = [client.post(url, {}).status_code for _ in range(11)]
    assert 429 not in statuses[:10]
    assert statuses[10] == 429


def test_rate_limit_fails_open_when_the_cache_is_away(client):
    with mock.patch("core.ratelimit.cache.add", side_effect=ConnectionError("redis down")):
        response = client.post("/ideas/new/", idea_form_data(confirmed_similar="1"))
    assert response.status_code == 302
    assert Idea.objects.count() == 1


# -- CSRF -------------------------------------------------------------------------------


def test_every_post_without_a_csrf_token_is_refused(world, screener):
    client = Client(enforce_csrf_checks=True)
    urls = [*public_urls(world).values(), "/admin/login/", "/i18n/setlang/"]
    for url in urls:
        response = client.post(url.split("?")[0], {"email": "a@example.org"})
        assert response.status_code in {403, 405}, (url, response.status_code)
    client.force_login(screener)
    url = f"/admin/ideas/idea/{world.idea.pk}/move/"
    assert client.post(url, {"to": "screening"}).status_code == 403


def test_no_csrf_exempt_anywhere():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if any(part in {".venv", "node_modules", "tests"} for part in path.parts):
            continue
        if re.search(r"csrf_exempt|csrf_protect\s*=\s*False", path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders
