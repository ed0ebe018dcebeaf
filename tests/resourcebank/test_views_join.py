from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.models import Email
from resourcebank.models import Member, MemberLink
from resourcebank.services import members_unconfirmed_delete
from resourcebank.tasks import members_unconfirmed_delete as delete_task
from tests.factories import IdeaFactory, MemberFactory, member_form_data

from .conftest import link_from_outbox

pytestmark = pytest.mark.django_db


def _join(client, capture, **overrides):
    data = member_form_data(**overrides)
    with capture(execute=True):
        return client.post("/resource-bank/join/", data)


@pytest.fixture
def join(client, django_capture_on_commit_callbacks, municipality, sector):
    def _do(**overrides):
        overrides.setdefault("municipality", municipality)
        overrides.setdefault("sectors", [sector])
        return _join(client, django_capture_on_commit_callbacks, **overrides)

    return _do


def test_join_page_shows_the_form_with_an_unticked_consent_box(client, municipality, sector):
    response = client.get("/resource-bank/join/")
    assert response.status_code == 200
    assert 'name="consent"' in response.text
    consent = response.text.split('name="consent"')[1].split(">")[0]
    assert "checked" not in consent
    assert "<legend" in response.text


def test_joining_creates_a_pending_member_and_mails_the_confirmation_link(join):
    response = join()
    assert response.status_code == 302
    assert response["Location"] == "/resource-bank/join/sent/"
    member = Member.objects.get()
    assert member.status == Member.Status.PENDING
    assert member.organisation_number == "556036-0793"
    assert member.consent_at is not None
    assert [m.to for m in mail.outbox] == [["ada@acme.example"]]
    assert "/resource-bank/confirm/" in mail.outbox[0].body
    row = Email.objects.get(kind="member_confirm")
    assert row.status == Email.Status.SENT
    # Only the hash of the token is stored, and the sent body is redacted.
    token = link_from_outbox("confirm").split("/")[-2]
    assert not MemberLink.objects.filter(token_hash=token).exists()
    assert token not in row.body_text


def test_without_consent_nobody_joins(join):
    response = join(consent=None)
    assert response.status_code == 400
    assert "Without your consent" in response.text
    assert 'href="#id_consent"' in response.text
    assert not Member.objects.exists()
    assert not Email.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation_number": "556036-0794"}, "organisation_number"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"company_name": ""}, "company_name"),
        ({"sectors": []}, "sectors"),
        ({"scope": "everything"}, "scope"),
        ({"scope": "focus_areas"}, "focus_areas"),
        ({"scope": "own_idea", "idea_reference": ""}, "idea_reference"),
        ({"scope": "own_idea", "idea_reference": "2026-99999"}, "idea_reference"),
    ],
)
def test_bad_input_re_renders_with_errors_and_saves_nothing(join, overrides, field):
    response = join(**overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Please correct the following" in response.text
    assert not Member.objects.exists()
    assert not mail.outbox


def test_unknown_municipality_is_an_error_not_a_crash(join):
    response = join(municipality=SimpleNamespace(pk=987654))
    assert response.status_code == 400
    assert not Member.objects.exists()


def test_own_idea_must_be_one_submitted_from_the_same_address(join):
    theirs = IdeaFactory(reference="2026-00042", email="someone.else@example.org")
    assert join(scope="own_idea", idea_reference=theirs.reference).status_code == 400
    mine = IdeaFactory(reference="2026-00043", email="ADA@acme.example")
    assert join(scope="own_idea", idea_reference=mine.reference).status_code == 302
    assert Member.objects.get().idea == mine


def test_focus_area_scope_keeps_the_chosen_areas(join, focus_area):
    assert join(scope="focus_areas", focus_areas=[str(focus_area.pk)]).status_code == 302
    assert list(Member.objects.get().focus_areas.all()) == [focus_area]


def test_join_refuses_other_methods(client):
    assert client.put("/resource-bank/join/").status_code == 405


def test_confirmation_activates_the_membership_once(client, join):
    join()
    path = link_from_outbox("confirm")
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm and join" in page.text
    assert Member.objects.get().status == Member.Status.PENDING  # opening the link is not enough
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    member = Member.objects.get()
    assert member.status == Member.Status.ACTIVE
    assert member.confirmed_at and member.certificate_code
    again = client.post(path)
    assert again.status_code == 404
    assert client.get(path).status_code == 404


def test_member_is_not_public_until_confirmed(client, join):
    join()
    assert "Ada Andersson" not in client.get("/resource-bank/").text
    client.post(link_from_outbox("confirm"))
    assert "Ada Andersson" in client.get("/resource-bank/").text


def test_confirmation_link_expires(client, join, settings):
    settings.MEETREGION_MEMBER_CONFIRM_DAYS = 3
    join()
    path = link_from_outbox("confirm")
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert client.post(path).status_code == 404
    assert Member.objects.get().status == Member.Status.PENDING


def test_unconfirmed_registrations_are_deleted_after_the_configured_days(join, settings):
    settings.MEETREGION_MEMBER_CONFIRM_DAYS = 3
    join()
    active = MemberFactory()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert members_unconfirmed_delete() == 0
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=1)):
        assert delete_task.delay().get() == 1
    assert list(Member.objects.all()) == [active]
    assert not MemberLink.objects.exists()
    assert not Email.objects.filter(to="ada@acme.example").exists()


def test_the_periodic_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "resourcebank.tasks.members_unconfirmed_delete" in tasks


def test_joining_again_replaces_an_unconfirmed_registration(join):
    join()
    join(name="Ada Second Try")
    assert list(Member.objects.values_list("name", flat=True)) == ["Ada Second Try"]


def test_joining_with_a_members_address_reveals_nothing_and_sends_a_sign_in_link(join):
    MemberFactory(email="ada@acme.example", name="Ada Original")
    response = join(name="Impostor")
    assert response.status_code == 302
    assert response["Location"] == "/resource-bank/join/sent/"
    assert list(Member.objects.values_list("name", flat=True)) == ["Ada Original"]
    assert mail.outbox[-1].subject == "You are already in the resource bank"
    assert "/resource-bank/sign-in/" in mail.outbox[-1].body
