"""50 XSS payloads (xss_payloads.txt) in every free-text field a submitter or member controls,
rendered on the public pages, the admin lists and change pages and in e-mails: never raw.

"Raw" means the payload's exact characters in an HTML response; escaped, `<` becomes `&lt;`
and quotes become entities, so an exact match is the payload interpreted as markup."""

from pathlib import Path

import pytest
from django.test import Client

from ideas.models import Idea
from notifications.models import Email
from resourcebank.models import Member

from ..factories import IdeaFactory, MemberFactory, UserFactory, idea_form_data

pytestmark = pytest.mark.django_db

# PostgreSQL text cannot hold NUL (the forms refuse it); the rest of each payload is kept.
PAYLOADS = [
    p.replace("\x00", "")
    for p in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines()
]


def _assert_escaped(response, where):
    assert response.status_code == 200, (where, response.status_code)
    body = response.content.decode()
    raw = [p for p in PAYLOADS if p in body]
    assert not raw, (where, raw[:3])


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="xss-admin", is_staff=True, is_superuser=True))
    return client


def test_payloads_submitted_through_the_idea_form_are_escaped_in_pages_and_emails(
    settings, admin_client
):
    settings.MEETREGION_RATE_LIMIT_POSTS = 10**6
    client = Client()
    for n, payload in enumerate(PAYLOADS):
        data = idea_form_data(
            confirmed_similar="1",
            email=f"xss{n}@example.org",
            title=payload[:200],
            organisation_name=payload[:200],
            contact_name=payload[:200],
            description=f"{payload}\n{payload}",
        )
        # The outbox rows are read before sending (a sent tracking e-mail is blanked).
        response = client.post("/ideas/new/", data)
        assert response.status_code == 302, (payload, response.status_code)
    assert Idea.objects.count() == len(PAYLOADS)
    Idea.objects.update(is_public=True)
    # Public pages showing ideas, the admin list and every change page.
    for idea in Idea.objects.all():
        _assert_escaped(client.get(f"/projects/ideas/{idea.pk}/"), "public idea page")
        _assert_escaped(admin_client.get(f"/admin/ideas/idea/{idea.pk}/change/"), "idea change")
    _assert_escaped(admin_client.get("/admin/ideas/idea/"), "idea list")
    _assert_escaped(client.get("/search/", {"q": "alert"}), "search")
    # E-mails: the HTML body escapes, the text body is plain text (the payload as written).
    emails = Email.objects.filter(kind="idea_received")
    assert emails.count() == len(PAYLOADS)
    for email in emails:
        assert not [p for p in PAYLOADS if p in email.body_html], email.pk
    for email in emails:
        idea = Idea.objects.get(email=email.to)
        assert f"“{idea.title}”" in email.body_text, email.pk  # as written, not &lt;…
    _assert_escaped(admin_client.get("/admin/notifications/email/"), "email list")
    for email in emails[:10]:
        _assert_escaped(
            admin_client.get(f"/admin/notifications/email/{email.pk}/change/"), "email change"
        )


def test_payloads_in_member_fields_are_escaped_on_public_and_admin_pages(admin_client):
    client = Client()
    members = [
        MemberFactory(name=p[:200], role=p[:120], company_name=p[:200], email=f"m{n}@x.example")
        for n, p in enumerate(PAYLOADS)
    ]
    for page in ("/resource-bank/", "/resource-bank/?page=2", "/resource-bank/?page=3"):
        response = client.get(page)
        if response.status_code == 200:
            _assert_escaped(response, page)
    _assert_escaped(client.get("/search/", {"q": "alert"}), "search")
    for member in members:
        profile = member.get_absolute_url()
        _assert_escaped(client.get(profile), "profile")
        _assert_escaped(client.get(f"{profile}certificate/"), "certificate")
        svg = client.get(f"{profile}certificate.svg")
        assert svg.status_code == 200
        assert not [p for p in PAYLOADS if p in svg.content.decode()], "certificate.svg"
        _assert_escaped(client.get(member.verify_path()), "verify")
        _assert_escaped(
            admin_client.get(f"/admin/resourcebank/member/{member.pk}/change/"), "member change"
        )
    _assert_escaped(admin_client.get("/admin/resourcebank/member/"), "member list")
    assert Member.objects.count() == len(PAYLOADS)


def test_payloads_in_a_leads_public_report_and_group_are_escaped(admin_client, settings):
    settings.MEETREGION_RATE_LIMIT_POSTS = 10**6
    from workgroups.models import Report, WorkingGroup

    from ..factories import working_group

    group = working_group(name=PAYLOADS[1][:120])
    client = Client()
    token = (
        Email.objects.filter(kind="group_lead_welcome", object_id=str(group.pk))
        .get()
        .body_text.split("/groups/report/")[1]
        .split("/")[0]
    )
    for payload in PAYLOADS:
        response = client.post(
            f"/groups/report/{token}/",
            {"done": payload, "next_steps": payload, "blockers": payload, "is_public": "on"},
        )
        assert response.status_code in {200, 302}
    assert Report.objects.filter(group=group).count() >= 1
    _assert_escaped(client.get(f"/groups/report/{token}/"), "lead's report page")
    _assert_escaped(admin_client.get("/admin/workgroups/workinggroup/"), "group list")
    _assert_escaped(
        admin_client.get(f"/admin/workgroups/workinggroup/{group.pk}/change/"), "group change"
    )
    for page in ("/projects/", "/"):
        _assert_escaped(client.get(page), page)
    assert WorkingGroup.objects.filter(pk=group.pk).exists()


def test_the_payload_corpus_has_fifty_entries():
    assert len(PAYLOADS) == 50
    assert IdeaFactory  # factories import cleanly
