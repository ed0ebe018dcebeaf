"""Staff sessions end after the idle time, and a staff member sees and ends their others."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from staffauth.models import StaffSession


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def two_browsers(screener):
    screener.set_password("a-long-local-password")
    screener.save()
    first, second = Client(HTTP_USER_AGENT="Firefox at the office"), Client()
    first.post(
        reverse("admin:login"), {"username": "screener", "password": "a-long-local-password"}
    )
    second.force_login(screener)
    return first, second


def test_every_sign_in_opens_a_session_row(two_browsers, screener):
    first, second = two_browsers
    rows = StaffSession.objects.filter(user=screener)
    assert {row.session_key for row in rows} == {
        first.session.session_key,
        second.session.session_key,
    }
    assert rows.get(session_key=first.session.session_key).user_agent == "Firefox at the office"


def test_session_ends_after_the_idle_time(client, screener, settings):
    settings.MEETREGION_STAFF_IDLE_MINUTES = 30
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(screener)
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=29))  # active a minute ago counts from then
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/admin/ideas/idea/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fideas%2Fidea%2F"
    assert not signed_in(client)
    assert not StaffSession.objects.filter(user=screener).exists()
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_sessions_page_lists_where_one_is_signed_in(two_browsers):
    first, _second = two_browsers
    page = first.get(reverse("staffauth:sessions")).content.decode()
    assert page.count("This session") == 1 and page.count("End the session signed in") == 1
    assert "Firefox at the office" in page
    assert "End every other session" in page


def test_ending_another_session_signs_that_browser_out(two_browsers, screener):
    first, second = two_browsers
    other = StaffSession.objects.get(session_key=second.session.session_key)

    response = first.post(reverse("staffauth:sessions"), {"session": other.pk})

    assert response.status_code == 302
    assert second.get("/admin/").status_code == 302
    assert not signed_in(second)
    assert first.get("/admin/").status_code == 200
    assert list(StaffSession.objects.filter(user=screener)) == [
        StaffSession.objects.get(session_key=first.session.session_key)
    ]


def test_ending_every_other_session_keeps_this_one(two_browsers, screener):
    first, second = two_browsers
    third = Client()
    third.force_login(screener)

    first.post(reverse("staffauth:sessions"))

    assert not signed_in(second) and not signed_in(third)
    assert first.get("/admin/").status_code == 200


def test_someone_elses_session_cannot_be_ended(two_browsers, staff_without_rights):
    first, _second = two_browsers
    intruder = Client()
    intruder.force_login(staff_without_rights)
    row = StaffSession.objects.get(session_key=first.session.session_key)

    intruder.post(reverse("staffauth:sessions"), {"session": row.pk})

    assert first.get("/admin/").status_code == 200


def test_sessions_page_wants_a_staff_sign_in(client, outsider):
    url = reverse("staffauth:sessions")
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 302


def test_sessions_page_refuses_other_methods(client, screener):
    client.force_login(screener)
    assert client.put(reverse("staffauth:sessions")).status_code == 405


def test_superuser_ends_the_sessions_of_someone_who_left(two_browsers, client, db):
    from django.contrib.auth import get_user_model

    first, second = two_browsers
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    leaver = StaffSession.objects.filter(user__username="screener")

    client.post(
        reverse("admin:staffauth_staffsession_changelist"),
        {"action": "end_sessions", "_selected_action": [row.pk for row in leaver]},
    )

    assert not signed_in(first) and not signed_in(second)
    assert client.get("/admin/").status_code == 200


def test_sessions_nobody_signed_out_of_are_swept(two_browsers, screener, settings):
    from staffauth.tasks import staff_sessions_sweep

    settings.MEETREGION_STAFF_IDLE_MINUTES = 30
    first, second = two_browsers
    assert staff_sessions_sweep.delay().get() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert first.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=40)):
        assert staff_sessions_sweep.delay().get() == 1
        assert staff_sessions_sweep.delay().get() == 0
        assert first.get("/admin/").status_code == 200

    assert not signed_in(second)
    assert [row.session_key for row in StaffSession.objects.all()] == [first.session.session_key]


def test_sessions_page_leaves_out_sessions_that_are_over(two_browsers, settings):
    settings.MEETREGION_STAFF_IDLE_MINUTES = 30
    first, _second = two_browsers
    StaffSession.objects.exclude(session_key=first.session.session_key).update(
        last_seen_at=timezone.now() - timedelta(hours=2)
    )
    page = first.get(reverse("staffauth:sessions")).content.decode()
    assert "End the session signed in" not in page
