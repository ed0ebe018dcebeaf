"""Privacy: consent records, withdrawal leaves no trace in public (caches included),
closed ideas anonymised after the archive period, staff actions on personal data logged."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from core.models import AuditEvent
from ideas.models import Idea, StageChange, TrackingLink
from ideas.services import idea_move, ideas_anonymise_closed, tracking_link_create
from ideas.stages import Stage
from notifications.models import Email
from notifications.services import email_queue
from resourcebank.consent import CONSENT_VERSION
from resourcebank.models import Member
from resourcebank.services import member_withdraw

from ..factories import (
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    UserFactory,
    member_form_data,
)

pytestmark = pytest.mark.django_db


# -- consent -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "shown publicly on this portal"), ("sv", "jag godkänner"), ("nb", "offentlig")],
)
def test_joining_records_the_consent_text_version_and_time(
    client, django_capture_on_commit_callbacks, language, words
):
    data = member_form_data(municipality=MunicipalityFactory(), sectors=[SectorFactory()])
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/resource-bank/join/?lang={language}", data, HTTP_ACCEPT_LANGUAGE=language
        )
    assert response.status_code == 302
    member = Member.objects.get(email="ada@acme.example")
    assert member.consent_version == CONSENT_VERSION
    assert member.consent_at >= before
    assert words in member.consent_text.lower()


def test_an_imported_member_consents_when_confirming(django_capture_on_commit_callbacks):
    from resourcebank.models import MemberLink
    from resourcebank.services import member_confirm, member_link_create, members_import

    rows = [
        {
            **member_form_data(municipality=MunicipalityFactory(), sectors=[]),
            "municipality": MunicipalityFactory(),
            "sectors": [],
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        (member,) = members_import(rows=rows, language="en")
    assert member.consent_at is None and member.consent_text == ""
    token = member_link_create(
        member=member, purpose=MemberLink.Purpose.CONFIRM, lifetime=timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_confirm(token=token)
    member.refresh_from_db()
    assert member.consent_at and member.consent_version == CONSENT_VERSION
    assert "shown publicly" in member.consent_text


# -- withdrawal, with the page cache on ----------------------------------------------------

PUBLIC_PATHS = [
    "/resource-bank/",
    "/resource-bank/?q=Ottilie",
    "/search/?q=Ottilie",
    "/api/members.json",
    "/api/members.csv",
    "/projects/feed/",
    "/knowledge-bank/feed/",
    "/",
]


def test_after_withdrawal_the_name_appears_nowhere_public_even_with_the_page_cache_on(
    client, settings, django_capture_on_commit_callbacks
):
    settings.MEETREGION_PAGE_CACHE_SECONDS = 300
    cache.clear()
    member = MemberFactory(name="Ottilie Quillfeather", company_name="Quillfeather Forge AB")
    profile = member.get_absolute_url()
    paths = [
        *PUBLIC_PATHS,
        profile,
        f"{profile}certificate/",
        f"{profile}certificate.svg",
        member.verify_path(),
    ]
    seen_before = {p for p in paths if "Quillfeather" in client.get(p).content.decode()}
    # The directory, the profile, the certificate and the open data show the member now
    # (and the cache holds those pages).
    assert {"/resource-bank/", "/search/?q=Ottilie", profile, "/api/members.json"} <= seen_before
    with django_capture_on_commit_callbacks(execute=True):
        member_withdraw(member=member)
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        # (The search pages repeat the query, "Ottilie"; the surname is in no query.)
        assert "Quillfeather" not in response.content.decode(), path


# -- anonymising closed ideas ---------------------------------------------------------------


def _closed(stage, days_ago, screener, **fields):
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        idea = IdeaFactory(stage=Stage.SCREENING, **fields)
        idea_move(idea=idea, to=stage, by=screener, note=f"Dear {idea.contact_name}, no.")
        tracking_link_create(idea=idea)
    return Idea.objects.get(pk=idea.pk)


def test_declined_and_referred_ideas_are_anonymised_after_the_period_twice_safely(
    screener, settings, django_capture_on_commit_callbacks
):
    settings.MEETREGION_ANONYMISE_CLOSED_IDEAS_DAYS = 365
    old_declined = _closed(Stage.DECLINED, 400, screener, contact_name="Greta Old")
    old_referred = _closed(Stage.REFERRED, 366, screener, contact_name="Rune Referred")
    recent = _closed(Stage.DECLINED, 30, screener, contact_name="Nils Recent")
    with time_machine.travel(timezone.now() - timedelta(days=500), tick=False):
        open_idea = IdeaFactory(stage=Stage.SCREENING, contact_name="Olga Open")
    assert Email.objects.for_object(old_declined).exists()

    assert ideas_anonymise_closed() == 2
    assert ideas_anonymise_closed() == 0  # a second run finds nothing left to do

    for idea in (old_declined, old_referred):
        idea.refresh_from_db()
        assert (idea.contact_name, idea.email, idea.phone, idea.organisation_name) == (
            "",
            "",
            "",
            "",
        )
        assert idea.description == ""
        assert idea.organisation_type and idea.title and idea.submitted_at
        assert not TrackingLink.objects.filter(idea=idea).exists()
        history = StageChange.objects.filter(idea=idea)
        assert history.exists() and not history.exclude(note="").exists()
        for email in Email.objects.for_object(idea):
            assert (email.to, email.body_text, email.body_html) == ("", "", "")
    recent.refresh_from_db()
    open_idea.refresh_from_db()
    assert recent.contact_name == "Nils Recent" and recent.email
    assert TrackingLink.objects.filter(idea=recent).exists()
    assert open_idea.contact_name == "Olga Open"


def test_the_anonymising_task_is_on_the_beat_schedule_and_runs(settings, screener):
    from ideas.tasks import ideas_anonymise_closed as task

    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "ideas.tasks.ideas_anonymise_closed" in entries
    _closed(Stage.DECLINED, 400, screener)
    assert task.delay().get() == 1


def test_a_pending_email_about_an_anonymised_idea_is_not_sent(screener, settings):
    idea = _closed(Stage.REFERRED, 400, screener)
    from django.db import transaction

    with transaction.atomic():
        email = email_queue(
            to=idea.email,
            template="tracking_links",
            context={"links": [], "site": None},
            language="en",
            related=idea,
        )
    Email.objects.filter(pk=email.pk).update(status=Email.Status.PENDING)
    ideas_anonymise_closed()
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED and email.to == ""


# -- staff actions on personal data are logged ----------------------------------------------


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="auditor-admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_viewing_a_members_change_page_is_logged(admin_client):
    member = MemberFactory()
    assert admin_client.get(f"/admin/resourcebank/member/{member.pk}/change/").status_code == 200
    event = AuditEvent.objects.get()
    assert event.user == admin_client.user and event.action == AuditEvent.Action.VIEWED
    assert f"#{member.pk}" in event.subject


def test_the_member_csv_export_is_logged(admin_client):
    members = MemberFactory.create_batch(3)
    response = admin_client.post(
        "/admin/resourcebank/member/",
        {"action": "export_csv", "_selected_action": [m.pk for m in members]},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.EXPORTED and "3" in event.detail


def test_the_idea_export_for_evaluation_is_logged(admin_client):
    ideas = IdeaFactory.create_batch(2)
    response = admin_client.post(
        "/admin/ideas/idea/",
        {
            "action": "export_for_evaluation",
            "_selected_action": [i.pk for i in ideas],
            "export_format": "csv",
        },
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.EXPORTED and event.detail == "csv, 2"


def test_the_audit_log_cannot_be_edited_in_the_admin(admin_client):
    MemberFactory()
    event = AuditEvent.objects.create(user=admin_client.user, action="viewed", subject="x")
    assert admin_client.get("/admin/core/auditevent/").status_code == 200
    assert admin_client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
