import pytest
from django.core import mail

from ideas.models import TrackingLink
from ideas.services import idea_move
from ideas.stages import Stage

pytestmark = pytest.mark.django_db


def test_tracking_page_shows_stage_and_timeline_with_notes(client, submitted, screener):
    idea, token = submitted
    idea_move(
        idea=idea,
        to=Stage.SCREENING,
        by=screener,
        note="We are looking at it.",
        internal_note="Looks like the harbour project.",
    )
    response = client.get(f"/ideas/track/{token}/")
    assert response.status_code == 200
    assert idea.reference in response.text
    assert "In screening" in response.text
    assert "We are looking at it." in response.text
    assert "Looks like the harbour project." not in response.text
    assert screener.username not in response.text


def test_tracking_page_is_private(client, submitted):
    _idea, token = submitted
    response = client.get(f"/ideas/track/{token}/")
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["x", "0" * 43, "../../admin"])
def test_wrong_token_is_a_plain_404(client, submitted, token):
    response = client.get(f"/ideas/track/{token}/")
    assert response.status_code == 404
    assert submitted[0].title not in response.text


def test_there_is_no_list_of_ideas(client, submitted):
    assert client.get("/ideas/").status_code == 404
    assert client.get("/ideas/track/").status_code == 200  # the lost-link form, nothing else
    assert submitted[0].title not in client.get("/ideas/track/").text


def test_tracking_page_refuses_post(client, submitted):
    assert client.post(f"/ideas/track/{submitted[1]}/").status_code == 405


def test_lost_link_answer_is_the_same_for_known_and_unknown_addresses(
    client, submitted, django_capture_on_commit_callbacks
):
    idea, _token = submitted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/ideas/track/", {"email": idea.email.upper()}, follow=True)
        unknown = client.post("/ideas/track/", {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.text.replace("csrfmiddlewaretoken", "")  # noqa: E731
    assert [m.message for m in known.context["messages"]] == [
        m.message for m in unknown.context["messages"]
    ]
    assert len(strip(known)) == len(strip(unknown))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [idea.email]
    new_link = next(line for line in mail.outbox[0].body.splitlines() if "/ideas/track/" in line)
    assert client.get(new_link.strip().split("8000", 1)[-1]).status_code == 200
    assert TrackingLink.objects.filter(idea=idea).count() == 2


def test_lost_link_requests_are_rate_limited_per_address(
    client, submitted, django_capture_on_commit_callbacks
):
    idea, _token = submitted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post("/ideas/track/", {"email": idea.email})
    assert len(mail.outbox) == 1


def test_lost_link_form_rejects_a_bad_address(client):
    response = client.post("/ideas/track/", {"email": "nope"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
