import pytest
from django.core import mail

from resourcebank.models import Member
from resourcebank.services import member_withdraw
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_certificate_page_names_member_and_portal_and_links_to_verification(client, settings):
    member = MemberFactory(name="Anna Berg", company_name="Berg Bygg AB")
    response = client.get(f"/resource-bank/members/{member.public_id}/certificate/")
    assert response.status_code == 200
    assert "Anna Berg" in response.text
    assert response.context["site"].portal_name in response.text
    assert f"{settings.SITE_URL}/resource-bank/verify/{member.certificate_code}/" in response.text
    assert "certificate.css" in response.text
    assert "<script>" not in response.text and "style=" not in response.text


def test_svg_badge_is_an_svg_with_names_escaped(client):
    member = MemberFactory(name='<script>alert("x")</script>', company_name="A & B <AB>")
    response = client.get(f"/resource-bank/members/{member.public_id}/certificate.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert body.startswith("<?xml")
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert "A &amp; B &lt;AB&gt;" in body
    assert "default-src 'none'" in response["Content-Security-Policy"]
    import xml.dom.minidom

    xml.dom.minidom.parseString(response.content)  # well-formed  # noqa: S318


def test_svg_badge_can_be_downloaded(client):
    member = MemberFactory()
    response = client.get(f"/resource-bank/members/{member.public_id}/certificate.svg?download=1")
    assert "attachment" in response["Content-Disposition"]


def test_verification_of_an_active_membership(client):
    member = MemberFactory(name="Anna Berg", company_name="Berg Bygg AB")
    response = client.get(f"/resource-bank/verify/{member.certificate_code}/")
    assert response.status_code == 200
    assert "Valid: the membership is active." in response.text
    assert "Anna Berg" in response.text


def test_withdrawn_members_certificate_is_no_longer_valid(client):
    member = MemberFactory(name="Anna Berg")
    code, public_id = member.certificate_code, member.public_id
    member_withdraw(member=member)
    response = client.get(f"/resource-bank/verify/{code}/")
    assert response.status_code == 200
    assert "No longer valid." in response.text
    assert "Anna Berg" not in response.text
    assert client.get(f"/resource-bank/members/{public_id}/certificate/").status_code == 404
    assert client.get(f"/resource-bank/members/{public_id}/certificate.svg").status_code == 404


def test_unknown_code_does_not_verify(client):
    pending = MemberFactory(status=Member.Status.PENDING, certificate_code="pending-code")
    for code in ["nope", pending.certificate_code]:
        response = client.get(f"/resource-bank/verify/{code}/")
        assert response.status_code == 404
        assert "Not a valid certificate." in response.text


def test_verify_refuses_post(client):
    member = MemberFactory()
    assert client.post(f"/resource-bank/verify/{member.certificate_code}/").status_code == 405


def test_confirmed_member_gets_a_welcome_mail_with_the_verification_link(
    client, django_capture_on_commit_callbacks, municipality, sector
):
    from tests.factories import member_form_data

    from .conftest import link_from_outbox

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/resource-bank/join/", member_form_data(municipality=municipality, sectors=[sector])
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_from_outbox("confirm"))
    member = Member.objects.get()
    assert f"/resource-bank/verify/{member.certificate_code}/" in mail.outbox[-1].body
