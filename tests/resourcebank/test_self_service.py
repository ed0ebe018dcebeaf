import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.models import Email
from resourcebank.models import Member, MemberLink
from tests.factories import FocusAreaFactory, IdeaFactory, MemberFactory, SectorFactory

from .conftest import link_from_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return MemberFactory(
        name="Anna Berg",
        email="anna@berg.example",
        company_name="Berg Bygg AB",
        organisation_number="556036-0793",
        sectors=[SectorFactory(name="Retail")],
    )


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def _ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/resource-bank/sign-in/", {"email": email}, follow=True)

    return _ask


@pytest.fixture
def signed_in(client, member, ask):
    ask(member.email)
    client.post(link_from_outbox("sign_in"))
    return client


def test_sign_in_answer_is_the_same_for_known_and_unknown_addresses(ask, member):
    known = ask("ANNA@berg.example")
    unknown = ask("nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert [m.message for m in known.context["messages"]] == [
        m.message for m in unknown.context["messages"]
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@berg.example"]


def test_pending_and_withdrawn_members_get_no_sign_in_link(ask):
    MemberFactory(email="pending@example.org", status=Member.Status.PENDING)
    ask("pending@example.org")
    assert mail.outbox == []


def test_sign_in_requests_are_rate_limited_per_address(ask, member, settings):
    settings.MEETREGION_MEMBER_SIGN_IN_INTERVAL_SECONDS = 300
    ask(member.email)
    ask(member.email)
    assert len(mail.outbox) == 1


def test_bad_sign_in_request_re_renders(client):
    response = client.post("/resource-bank/sign-in/", {"email": "nope"})
    assert response.status_code == 400
    assert 'href="#id_email"' in response.text


def test_sign_in_link_is_single_use(client, ask, member):
    ask(member.email)
    path = link_from_outbox("sign_in")
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/resource-bank/me/"
    other = client.__class__()
    assert other.post(path).status_code == 404
    assert other.get("/resource-bank/me/").status_code == 302


def test_sign_in_link_expires(client, ask, member, settings):
    settings.MEETREGION_MEMBER_SIGN_IN_MINUTES = 30
    ask(member.email)
    path = link_from_outbox("sign_in")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert client.post(path).status_code == 404
        assert client.get("/resource-bank/me/").status_code == 302


def test_only_a_hash_of_the_sign_in_token_is_stored(ask, member):
    ask(member.email)
    token = link_from_outbox("sign_in").split("/")[-2]
    assert not MemberLink.objects.filter(token_hash=token).exists()
    assert MemberLink.objects.filter(purpose="sign_in").count() == 1
    assert token not in Email.objects.get(kind="member_sign_in").body_text


def test_member_session_ends_after_the_configured_time(signed_in, settings):
    settings.MEETREGION_MEMBER_SESSION_MINUTES = 60
    assert signed_in.get("/resource-bank/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert signed_in.get("/resource-bank/me/").status_code == 302


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for path in [
        "/resource-bank/me/",
        "/resource-bank/me/data.json",
        "/resource-bank/me/withdraw/",
    ]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/resource-bank/sign-in/"
    assert client.post("/resource-bank/me/withdraw/").status_code == 302


def test_member_edits_profile_and_interests(signed_in, member):
    area = FocusAreaFactory(name="Climate")
    sector = SectorFactory(name="IT")
    response = signed_in.post(
        "/resource-bank/me/",
        {
            "name": "Anna Berg-Lund",
            "role": "Owner",
            "company_name": "Berg Bygg AB",
            "organisation_number": "",
            "phone": "",
            "municipality": member.municipality.pk,
            "sectors": [sector.pk],
            "focus_areas": [area.pk],
            "scope": "focus_areas",
            "idea_reference": "",
            "email": "hijack@example.org",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "Anna Berg-Lund"
    assert member.email == "anna@berg.example"  # the address is not editable here
    assert list(member.sectors.all()) == [sector]
    assert list(member.focus_areas.all()) == [area]
    assert member.scope == "focus_areas"


def test_member_links_own_idea_by_reference(signed_in, member):
    idea = IdeaFactory(reference="2026-00077", email="Anna@Berg.example")
    data = {
        "name": "Anna Berg",
        "role": "Owner",
        "company_name": "Berg Bygg AB",
        "municipality": member.municipality.pk,
        "sectors": [member.sectors.get().pk],
        "scope": "own_idea",
        "idea_reference": "2026-00077",
    }
    assert signed_in.post("/resource-bank/me/", data).status_code == 302
    member.refresh_from_db()
    assert member.idea == idea


def test_bad_profile_input_saves_nothing(signed_in, member):
    response = signed_in.post("/resource-bank/me/", {"name": "", "scope": "broad"})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.name == "Anna Berg"


def test_member_downloads_their_data_as_json(signed_in, member):
    response = signed_in.get("/resource-bank/me/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "anna@berg.example"
    assert data["organisation_number"] == "556036-0793"
    assert data["sectors"] == ["Retail"]
    assert signed_in.post("/resource-bank/me/data.json").status_code == 405


def test_withdrawal_erases_personal_data_and_removes_from_every_public_page(
    signed_in, member, client
):
    public_id, code = member.public_id, member.certificate_code
    assert signed_in.get("/resource-bank/me/withdraw/").status_code == 200
    response = signed_in.post("/resource-bank/me/withdraw/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.WITHDRAWN
    for field in ("name", "role", "company_name", "organisation_number", "email", "phone"):
        assert getattr(member, field) == "", field
    # The anonymous record for statistics stays.
    assert member.municipality_id and member.sectors.count() == 1 and member.withdrawn_at
    assert "Anna Berg" not in client.get("/resource-bank/").text
    assert "Berg Bygg" not in client.get("/resource-bank/", {"q": "Berg"}).text
    assert client.get(f"/resource-bank/members/{public_id}/").status_code == 404
    assert "No longer valid" in client.get(f"/resource-bank/verify/{code}/").text
    # Copies of our e-mails to the member are gone, and so is the session.
    assert not Email.objects.filter(to="anna@berg.example").exists()
    assert not MemberLink.objects.filter(member=member).exists()
    assert signed_in.get("/resource-bank/me/").status_code == 302


def test_withdrawn_address_can_join_again(signed_in, member, django_capture_on_commit_callbacks):
    signed_in.post("/resource-bank/me/withdraw/")
    from tests.factories import member_form_data

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            "/resource-bank/join/",
            member_form_data(
                municipality=member.municipality,
                sectors=list(member.sectors.all()),
                email="anna@berg.example",
            ),
        )
    assert response.status_code == 302
    assert Member.objects.filter(status=Member.Status.PENDING).count() == 1


def test_sign_out(signed_in):
    assert signed_in.get("/resource-bank/me/sign-out/").status_code == 405
    assert signed_in.post("/resource-bank/me/sign-out/").status_code == 302
    assert signed_in.get("/resource-bank/me/").status_code == 302
