"""One small world with something behind every URL pattern, for the walks and the matrix."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ideas.services import idea_submit
from knowledgebank.models import Document
from notifications.models import Email
from resourcebank.models import MemberLink
from resourcebank.services import member_link_create
from workgroups import services as groups
from workgroups.models import Report, ReportAttachment

from ..factories import (
    EntryFactory,
    IdeaFactory,
    MemberFactory,
    ProjectFactory,
    UserFactory,
    idea_service_data,
    working_group,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    idea: object
    token: str  # the submitter's tracking token
    other_idea: object
    other_token: str
    public_idea: object
    project: object
    hidden_project: object
    entry: object
    draft_entry: object
    document: object
    draft_document: object
    member: object
    pending_member: object
    confirm_token: str
    sign_in_token: str
    group: object
    lead_token: str
    invitation: object
    invitation_token: str
    attachment: object = None


def _submit(**overrides):
    data = idea_service_data(**overrides)
    submission = idea_submit(
        data=data, focus_areas=[], language="en", submission_key=data["submission_key"]
    )
    return submission.idea, submission.token


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    idea, token = _submit(email="first@example.org", contact_name="First Submitter")
    other_idea, other_token = _submit(email="second@example.org", contact_name="Second Person")
    public_idea = IdeaFactory(is_public=True, stage="accepted", title="A public idea")
    project = ProjectFactory(title="Public project")
    hidden_project = ProjectFactory(title="Hidden project", is_public=False)
    entry = EntryFactory(title="Published entry")
    draft_entry = EntryFactory(title="Draft entry", status="draft", published_at=None)
    document = Document.objects.create(
        entry=entry, title="Report", file=ContentFile(PDF, name="report.pdf")
    )
    draft_document = Document.objects.create(
        entry=draft_entry, title="Draft report", file=ContentFile(PDF, name="draft.pdf")
    )
    member = MemberFactory(name="Maja Member")
    pending_member = MemberFactory(name="Pia Pending", status="pending", confirmed_at=None)
    confirm_token = member_link_create(
        member=pending_member, purpose=MemberLink.Purpose.CONFIRM, lifetime=timedelta(days=7)
    )
    sign_in_token = member_link_create(
        member=member, purpose=MemberLink.Purpose.SIGN_IN, lifetime=timedelta(minutes=30)
    )
    group = working_group()
    lead_token = groups.lead_link_create(group=group)
    invitation = groups.invitation_create(group=group, member=MemberFactory(name="Ines Invited"))
    body = Email.objects.get(kind="group_invitation", object_id=str(invitation.pk)).body_text
    invitation_token = body.split("/groups/invitations/")[1].split("/")[0]
    assert timezone.now() < invitation.expires_at
    report = Report.objects.create(group=group, kind=Report.Kind.PROGRESS, done="Met twice")
    attachment = ReportAttachment.objects.create(
        report=report, file=ContentFile(PDF, name="minutes.pdf"), title="minutes.pdf"
    )
    return World(
        idea=idea,
        token=token,
        other_idea=other_idea,
        other_token=other_token,
        public_idea=public_idea,
        project=project,
        hidden_project=hidden_project,
        entry=entry,
        draft_entry=draft_entry,
        document=document,
        draft_document=draft_document,
        member=member,
        pending_member=pending_member,
        confirm_token=confirm_token,
        sign_in_token=sign_in_token,
        group=group,
        lead_token=lead_token,
        invitation=invitation,
        invitation_token=invitation_token,
        attachment=attachment,
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def public_urls(world: World) -> dict[str, str]:
    """Every named public URL pattern, filled from the world (name -> path)."""
    from django.urls import reverse

    w = world
    urls = {
        "set_language": reverse("set_language"),
        "portal:home": reverse("portal:home"),
        "core:business_pilot": reverse("core:business_pilot"),
        "portal:municipality": w.project.municipalities.get().get_absolute_url(),
        "core:health": reverse("core:health"),
        "core:language": reverse("core:language") + "?language=sv&next=/",
        "core:accessibility": reverse("core:accessibility"),
        "core:theme": reverse("core:theme", kwargs={"colour": "0b5cab"}),
        # A picture that is not there: the 404 carries the same headers.
        "core:image": reverse("core:image", kwargs={"name": "images/project/none-320.webp"}),
        "ideas:criteria": reverse("ideas:criteria"),
        "ideas:create": reverse("ideas:create"),
        "ideas:tracking_request": reverse("ideas:tracking_request"),
        "ideas:track": reverse("ideas:track", args=[w.token]),
        "projects:list": reverse("projects:list"),
        "projects:feed": reverse("projects:feed"),
        "projects:idea_detail": reverse("projects:idea_detail", args=[w.public_idea.pk]),
        "projects:detail": reverse("projects:detail", args=[w.project.slug]),
        "knowledgebank:list": reverse("knowledgebank:list"),
        "knowledgebank:feed": reverse("knowledgebank:feed"),
        "knowledgebank:detail": reverse("knowledgebank:detail", args=[w.entry.slug]),
        "knowledgebank:document": reverse(
            "knowledgebank:document", args=[w.entry.slug, w.document.pk]
        ),
        "search:search": reverse("search:search") + "?q=project",
        "api:members_json": reverse("api:members_json"),
        "api:members_csv": reverse("api:members_csv"),
        "api:projects_json": reverse("api:projects_json"),
        "api:projects_csv": reverse("api:projects_csv"),
        "api:entries_json": reverse("api:entries_json"),
        "api:entries_csv": reverse("api:entries_csv"),
        "resourcebank:directory": reverse("resourcebank:directory"),
        "resourcebank:join": reverse("resourcebank:join"),
        "resourcebank:join_sent": reverse("resourcebank:join_sent"),
        "resourcebank:confirm": reverse("resourcebank:confirm", args=[w.confirm_token]),
        "resourcebank:profile": reverse("resourcebank:profile", args=[w.member.public_id]),
        "resourcebank:certificate": reverse("resourcebank:certificate", args=[w.member.public_id]),
        "resourcebank:certificate_svg": reverse(
            "resourcebank:certificate_svg", args=[w.member.public_id]
        ),
        "resourcebank:verify": reverse("resourcebank:verify", args=[w.member.certificate_code]),
        "resourcebank:sign_in": reverse("resourcebank:sign_in"),
        "resourcebank:sign_in_link": reverse("resourcebank:sign_in_link", args=[w.sign_in_token]),
        "resourcebank:me": reverse("resourcebank:me"),
        "resourcebank:data": reverse("resourcebank:data"),
        "resourcebank:withdraw": reverse("resourcebank:withdraw"),
        "resourcebank:sign_out": reverse("resourcebank:sign_out"),
        "workgroups:report": reverse("workgroups:report", args=[w.lead_token]),
        "workgroups:report_final": reverse("workgroups:report_final", args=[w.lead_token]),
        "workgroups:invitation": reverse("workgroups:invitation", args=[w.invitation_token]),
    }
    if w.attachment is not None:
        urls["workgroups:attachment"] = reverse(
            "workgroups:attachment", args=[w.lead_token, w.attachment.pk]
        )
    # Patterns without parameters need no filling: a new one is walked without being listed.
    # One that needs parameters stays missing, and the coverage test asks for it here.
    from contextlib import suppress

    from django.urls import NoReverseMatch

    for name in all_url_names() - set(urls):
        with suppress(NoReverseMatch):
            urls[name] = reverse(name)
    return urls


def all_url_names() -> set[str]:
    """Every named pattern outside the admin."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue  # staff pages: walked through the admin's registry
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names
