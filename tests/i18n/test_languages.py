"""The interface, staff-entered content and e-mails follow the visitor's language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.models import SiteSettings
from ideas.services import idea_submit
from notifications.models import Email

from ..factories import CriterionFactory, FocusAreaFactory, idea_service_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    site = SiteSettings.load()
    site.business_unit_email = "unit@region.example"
    site.intro_en = "Work with us."
    site.intro_sv = "Arbeta med oss."
    site.save()
    return site


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Submit an idea"), ("sv", "Skicka in en idé"), ("nb", "Send inn en idé")],
)
def test_home_page_speaks_the_chosen_language(client, language, text):
    client.cookies["django_language"] = language
    response = client.get(reverse("portal:home"))
    assert f'<html lang="{language}">' in response.text
    assert text in response.text


def test_language_switch_sets_the_cookie_and_returns(client):
    response = client.get(reverse("core:language"), {"language": "nb", "next": "/projects/"})
    assert response.status_code == 302
    assert response["Location"] == "/projects/"
    assert response.cookies["django_language"].value == "nb"


def test_staff_content_is_per_language_with_fallback_to_the_default(client, site):
    criterion = CriterionFactory(title_en="Collaboration", title_sv="Samverkan")
    client.cookies["django_language"] = "sv"
    response = client.get(reverse("ideas:criteria"))
    assert "Samverkan" in response.text
    client.cookies["django_language"] = "nb"
    response = client.get(reverse("ideas:criteria"))
    assert "Collaboration" in response.text  # no Norwegian title: the default language shows
    with translation.override("sv"):
        assert SiteSettings.load().intro == "Arbeta med oss."
    with translation.override("nb"):
        assert SiteSettings.load().intro == "Work with us."
    assert criterion.pk


def test_focus_area_names_follow_the_language():
    area = FocusAreaFactory(name_en="Urban development", name_sv="Stadsutveckling")
    with translation.override("sv"):
        assert str(area) == "Stadsutveckling"
    with translation.override("en"):
        assert str(area) == "Urban development"


def test_receipt_goes_out_in_the_language_the_idea_was_submitted_in(
    django_capture_on_commit_callbacks,
):
    data = idea_service_data()
    with django_capture_on_commit_callbacks(execute=True):
        idea_submit(data=data, focus_areas=[], language="nb", submission_key=data["submission_key"])
    email = Email.objects.get(to=data["email"])
    assert email.language == "nb"
    assert email.subject.startswith("Vi har mottatt ideen din")
    sent = mail.outbox[-1]
    assert sent.subject.startswith("Vi har mottatt ideen din")
    assert 'lang="nb"' in sent.alternatives[0][0]


def test_accessibility_statement_is_linked_from_every_page(client):
    response = client.get(reverse("projects:list"))
    assert reverse("core:accessibility") in response.text


def test_accessibility_report_errors_are_summarised_and_linked(client, site):
    response = client.post(reverse("core:accessibility"), {"email": "not-an-address"})
    assert response.status_code == 400
    assert 'id="form-errors"' in response.text
    assert 'href="#id_description"' in response.text
    assert 'href="#id_email"' in response.text
    assert not Email.objects.exists()


def test_accessibility_report_is_e_mailed_to_the_business_unit(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:accessibility"),
            {
                "description": "The map cannot be used with a keyboard.",
                "page": "/projects/",
                "email": "visitor@example.org",
            },
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    assert response.status_code == 302
    email = Email.objects.get()
    assert email.to == "unit@region.example"
    assert email.kind == "accessibility_report"
    sent = mail.outbox[-1]
    assert "The map cannot be used with a keyboard." in sent.body
    assert "visitor@example.org" in sent.body


def test_accessibility_report_honeypot_stores_nothing(client, site):
    response = client.post(
        reverse("core:accessibility"), {"description": "spam " * 10, "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not Email.objects.exists()


def test_accessibility_report_without_a_business_unit_address_says_so(client):
    response = client.post(reverse("core:accessibility"), {"description": "Contrast too low."})
    assert response.status_code == 400
    assert "Reports cannot be sent right now" in response.text
