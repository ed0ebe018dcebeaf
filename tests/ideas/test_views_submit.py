import pytest
from django.core import mail
from django.urls import reverse

from ideas.models import Idea
from notifications.models import Email

from ..factories import CriterionFactory, idea_form_data

pytestmark = pytest.mark.django_db
URL = "/ideas/new/"


def test_url_contract():
    assert reverse("ideas:create") == URL
    assert reverse("ideas:criteria") == "/criteria/"


def test_anonymous_first_sees_the_choice_and_the_criteria(client):
    CriterionFactory(title="Aims at collaboration")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Aims at collaboration" in response.text
    assert 'name="matter"' in response.text
    assert 'name="title"' not in response.text


def test_service_matter_leads_to_the_business_pilot_and_files_nothing(client):
    response = client.get(URL, {"matter": "service"})
    assert response.status_code == 302
    assert response.url == reverse("core:business_pilot")
    assert Idea.objects.count() == 0


def test_idea_matter_shows_the_form_beside_the_criteria(client):
    CriterionFactory(title="Aims at collaboration")
    response = client.get(URL, {"matter": "idea"})
    assert response.status_code == 200
    assert 'name="title"' in response.text and "Aims at collaboration" in response.text
    assert 'name="submission_key"' in response.text


def test_unknown_matter_asks_again(client):
    response = client.get(URL, {"matter": "lottery"})
    assert response.status_code == 200
    assert "Please choose one of the two." in response.text


def test_submission_end_to_end(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, idea_form_data(), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302
    assert response.url.startswith("/ideas/track/") and response.url.endswith("?received=1")
    idea = Idea.objects.get()
    assert idea.title == "Shared charging for delivery vans"
    assert idea.wants_to_take_part and idea.accepted_criteria and idea.acknowledged_no_guarantee
    receipt = client.get(response.url)
    assert receipt.status_code == 200
    assert idea.reference in receipt.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@acme.example"]
    assert response.url.split("?")[0] in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_bad_input_rerenders_with_errors_and_saves_nothing(client):
    data = idea_form_data(email="nope", accepted_criteria=None, title="")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Idea.objects.count() == 0 and Email.objects.count() == 0
    assert 'aria-invalid="true"' in response.text or "is-invalid" in response.text
    assert "Please confirm that your idea meets the criteria." in response.text
    assert 'href="#id_email"' in response.text  # the error summary links to the field
    # What the submitter typed is kept.
    assert "Acme Logistics AB" in response.text


def test_double_submission_files_one_idea(client, django_capture_on_commit_callbacks):
    data = idea_form_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Idea.objects.count() == 1
    assert Email.objects.count() == 1
    assert client.get(second.url).status_code == 200


def test_wrong_method_is_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
