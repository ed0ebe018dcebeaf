"""Who may open what: every URL × anonymous, the submitter, another submitter, staff without
the permission, staff with it; unpublished things never public; private links expire."""

import hashlib
import secrets
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from core.roles import SCREENERS, roles_ensure
from ideas.services import idea_move
from ideas.stages import Stage
from resourcebank import selectors as member_selectors

from ..factories import MemberFactory, UserFactory
from .conftest import public_urls

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "submitter", "other_submitter", "staff_without", "staff_with"]


@pytest.fixture
def people(world):
    """A browser per persona. Submitters and members hold links and sessions, not accounts."""
    clerk = UserFactory(username="clerk", is_staff=True)
    screener = UserFactory(username="screener", is_staff=True)
    screener.groups.add(roles_ensure()[SCREENERS])
    for codename in (
        "view_member",
        "change_member",
        "view_workinggroup",
        "view_entry",
        "view_project",
        "view_email",
    ):
        screener.user_permissions.add(*Permission.objects.filter(codename=codename))
    other_member = MemberFactory(name="Olle Other", email="olle@example.org")
    clients = {name: Client() for name in PERSONAS}
    _member_session(clients["submitter"], world.member)
    _member_session(clients["other_submitter"], other_member)
    clients["staff_without"].force_login(clerk)
    clients["staff_with"].force_login(screener)
    return clients


def _member_session(client, member):
    session = client.session
    session[member_selectors.SESSION_KEY] = {"id": member.pk, "at": timezone.now().isoformat()}
    session.save()


def _matrix(world):
    """(url, {persona: expected status}); a single int means the same for everyone."""
    urls = public_urls(world)
    idea_admin = f"/admin/ideas/idea/{world.idea.pk}/change/"
    login = 302
    staff_only = dict(
        anonymous=login, submitter=login, other_submitter=login, staff_without=403, staff_with=200
    )
    member_only = dict(
        anonymous=302, submitter=200, other_submitter=200, staff_without=302, staff_with=302
    )
    # A staff member's own pages (sessions, second factor): any staff, no permission needed.
    staff_own = dict(staff_only, staff_without=200)
    rows = []
    for name, url in urls.items():
        if name in {"resourcebank:me", "resourcebank:data", "resourcebank:withdraw"}:
            rows.append((url, member_only))
        elif name in {"staffauth:oidc_authenticate", "staffauth:oidc_callback"}:
            rows.append((url, 404))  # single sign-on is off until OIDC_ISSUER is set
        elif name.startswith("staffauth:"):
            rows.append((url, staff_own))
        elif name in {"resourcebank:sign_out", "core:language", "set_language"}:
            rows.append(
                (url, {p: (405 if name == "resourcebank:sign_out" else 302) for p in PERSONAS})
            )
        elif name == "ideas:create":
            rows.append((url, 200))
        else:
            rows.append((url, 200))
    rows += [
        ("/admin/", dict(staff_only, staff_without=200)),  # the index lists what one may see
        ("/admin/ideas/idea/", staff_only),
        (idea_admin, staff_only),
        (f"/admin/ideas/idea/{world.idea.pk}/move/", staff_only),
        ("/admin/resourcebank/member/", staff_only),
        (f"/admin/resourcebank/member/{world.member.pk}/change/", staff_only),
        ("/admin/notifications/email/", staff_only),
        ("/admin/auth/user/", dict(staff_only, staff_with=403)),  # superusers only
        # Unpublished and non-public things are not on the public site, for anyone.
        (f"/projects/{world.hidden_project.slug}/", 404),
        (f"/projects/ideas/{world.idea.pk}/", 404),
        (f"/knowledge-bank/{world.draft_entry.slug}/", 404),
        (f"/knowledge-bank/{world.draft_entry.slug}/documents/{world.draft_document.pk}/", 404),
        (f"/knowledge-bank/{world.entry.slug}/documents/{world.draft_document.pk}/", 404),
        (f"/resource-bank/members/{world.pending_member.public_id}/", 404),
        (f"/resource-bank/members/{world.pending_member.public_id}/certificate/", 404),
        ("/m/no-such-municipality/", 404),
    ]
    return rows


def test_access_matrix(world, people):
    checked = 0
    failures = []
    for url, expected in _matrix(world):
        for persona in PERSONAS:
            want = expected if isinstance(expected, int) else expected[persona]
            got = people[persona].get(url).status_code
            checked += 1
            if got != want:
                failures.append(f"{persona:16} {url}: {got}, expected {want}")
    assert not failures, "\n".join(failures)
    print(f"\naccess matrix: {checked} checks ({checked // len(PERSONAS)} URLs x 5 personas)")


def test_each_submitter_sees_only_their_own(world, people):
    mine = people["submitter"].get(f"/ideas/track/{world.token}/").content.decode()
    theirs = people["other_submitter"].get(f"/ideas/track/{world.other_token}/").content.decode()
    assert world.idea.reference in mine and world.other_idea.reference not in mine
    assert world.other_idea.reference in theirs and world.idea.reference not in theirs
    data = people["other_submitter"].get("/resource-bank/me/data.json").content.decode()
    assert "olle@example.org" in data and world.member.email not in data


HIDDEN = [
    "Hidden project",
    "Draft entry",
    "Draft report",
    "Pia Pending",
    "Shared charging for delivery vans",
]  # the last: the title of non-public ideas


def test_non_public_items_never_on_public_pages_feeds_exports_or_search(world):
    client = Client()
    pages = [
        "/",
        "/projects/",
        "/projects/feed/",
        "/knowledge-bank/",
        "/knowledge-bank/feed/",
        "/resource-bank/",
        "/api/members.json",
        "/api/members.csv",
        "/api/projects.json",
        "/api/projects.csv",
        "/api/knowledge-bank.json",
        "/api/knowledge-bank.csv",
    ]
    pages += [f"/search/?q={q}" for q in ("hidden", "draft", "pending", "charging", "Pia")]
    for url in pages:
        body = client.get(url).content.decode()
        for text in HIDDEN:
            assert text not in body, (url, text)
    # The public things are there, so the check above is not vacuous.
    assert "Public project" in client.get("/projects/").content.decode()
    assert "Published entry" in client.get("/knowledge-bank/feed/").content.decode()


def test_ten_thousand_random_tracking_tokens_all_get_the_same_404(world):
    from django.http import Http404
    from django.test import RequestFactory
    from django.urls import resolve

    # All 10,000 through the URL resolver and the view; the page itself for 200 of them.
    factory = RequestFactory()
    misses = 0
    for _ in range(10_000):
        path = f"/ideas/track/{secrets.token_urlsafe(32)}/"
        match = resolve(path)
        try:
            match.func(factory.get(path), **match.kwargs)
        except Http404:
            misses += 1
    assert misses == 10_000
    client = Client()
    bodies = set()
    for _ in range(200):
        token = secrets.token_urlsafe(32)
        response = client.get(f"/ideas/track/{token}/")
        assert response.status_code == 404
        bodies.add(hashlib.sha256(response.content.replace(token.encode(), b"")).hexdigest())
    assert len(bodies) == 1  # nothing in the answer tells one wrong token from another


def test_tracking_link_expires_after_the_idea_is_closed(world, settings):
    settings.MEETREGION_TRACKING_LINK_DAYS_AFTER_CLOSE = 30
    client = Client()
    url = f"/ideas/track/{world.token}/"
    idea_move(idea=world.idea, to=Stage.DECLINED, note="Not in scope.")
    assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client.get(url).status_code == 404
    # An open idea's link keeps working.
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        assert client.get(f"/ideas/track/{world.other_token}/").status_code == 200


def test_member_links_are_single_use_and_expire(world):
    sign_in = f"/resource-bank/sign-in/{world.sign_in_token}/"
    assert Client().post(sign_in).status_code == 302
    assert Client().post(sign_in).status_code == 404  # used
    confirm = f"/resource-bank/confirm/{world.confirm_token}/"
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert Client().post(confirm).status_code == 404  # expired
    assert Client().post(confirm).status_code == 200
    assert Client().post(confirm).status_code == 404  # used


def test_member_session_and_data_export_expire(world, settings):
    client = Client()
    _member_session(client, world.member)
    assert client.get("/resource-bank/me/data.json").status_code == 200
    later = timezone.now() + timedelta(minutes=settings.MEETREGION_MEMBER_SESSION_MINUTES + 1)
    with time_machine.travel(later):
        assert client.get("/resource-bank/me/data.json").status_code == 302


def test_invitation_answers_once_and_expires(world, settings):
    url = f"/groups/invitations/{world.invitation_token}/"
    Client().post(url, {"answer": "accept"})
    world.invitation.refresh_from_db()
    assert world.invitation.status == "accepted"
    Client().post(url, {"answer": "decline"})
    world.invitation.refresh_from_db()
    assert world.invitation.status == "accepted"  # single use
    later = timezone.now() + timedelta(days=settings.MEETREGION_INVITATION_DAYS + 1)
    late = invitation_with_token(world.group, MemberFactory(name="Lars Late"))
    with time_machine.travel(later):
        Client().post(f"/groups/invitations/{late[1]}/", {"answer": "accept"})
    late[0].refresh_from_db()
    assert late[0].status != "accepted"


def invitation_with_token(group, member):
    from notifications.models import Email
    from workgroups.services import invitation_create

    invitation = invitation_create(group=group, member=member)
    body = Email.objects.get(kind="group_invitation", object_id=str(invitation.pk)).body_text
    return invitation, body.split("/groups/invitations/")[1].split("/")[0]


def test_lead_link_is_revoked_when_a_new_one_is_sent(world):
    from workgroups.services import lead_link_resend

    url = f"/groups/report/{world.lead_token}/"
    assert Client().get(url).status_code == 200
    lead_link_resend(group=world.group)
    assert Client().get(url).status_code == 404
