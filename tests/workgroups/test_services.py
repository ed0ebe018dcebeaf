from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ideas.stages import Stage
from knowledgebank.models import Entry
from notifications.models import Email
from workgroups import services
from workgroups.models import Invitation, Participant, Report, WorkingGroup
from workgroups.selectors import group_sides, groups_overdue

from ..factories import (
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    accepted_idea,
    working_group,
)

pytestmark = pytest.mark.django_db


def test_forming_a_group_moves_its_ideas_and_tells_everyone(django_capture_on_commit_callbacks):
    first, second = accepted_idea(), accepted_idea()
    with django_capture_on_commit_callbacks(execute=True):
        group = working_group(ideas=[first, second])
    for idea in (first, second):
        idea.refresh_from_db()
        assert idea.stage == Stage.IN_GROUP
    kinds = sorted(Email.objects.values_list("kind", flat=True))
    assert kinds == ["group_lead_welcome", "idea_stage_changed", "idea_stage_changed"]
    assert group.next_report_due == timezone.localdate() + timedelta(days=30)
    assert group.project.is_public and group.project.kind == "working_group"
    assert group.project.status == "ongoing"


def test_a_group_works_for_the_municipalities_of_its_ideas_and_its_page_says_so():
    north, south = MunicipalityFactory(name="Northvik"), MunicipalityFactory(name="Southby")
    MunicipalityFactory(name="Westby")
    group = working_group(
        ideas=[accepted_idea(municipality=north), accepted_idea(municipalities=[north, south])]
    )
    assert {m.name for m in group.municipalities.all()} == {"Northvik", "Southby"}
    assert {m.name for m in group.project.municipalities.all()} == {"Northvik", "Southby"}


def test_a_group_of_ideas_for_the_whole_region_belongs_to_no_municipality():
    group = working_group(ideas=[accepted_idea()])
    assert not group.municipalities.exists()
    assert not group.project.municipalities.exists()


def test_only_accepted_ideas_can_form_a_group():
    screening = IdeaFactory(stage=Stage.SCREENING)
    with pytest.raises(services.GroupError, match=screening.reference):
        working_group(ideas=[accepted_idea(), screening])
    assert not WorkingGroup.objects.exists()


def test_both_sides_are_counted():
    group = working_group()
    assert group_sides(group=group) == {"business": 0, "municipal": 0}
    Participant.objects.create(
        group=group, side="municipal", name="Mia", organisation=OrganisationFactory()
    )
    assert group_sides(group=group) == {"business": 0, "municipal": 1}


def _invite(group, member=None):
    member = member or MemberFactory()
    invitation = services.invitation_create(group=group, member=member)
    email = Email.objects.get(kind="group_invitation", object_id=str(invitation.pk))
    token = email.body_text.split("/groups/invitations/")[1].split("/")[0]
    return invitation, token


def test_invitation_accepted_once_adds_the_member():
    group = working_group()
    member = MemberFactory(name="Ines")
    invitation, token = _invite(group, member)
    services.invitation_respond(token=token, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert group.participants.get().member == member
    with pytest.raises(services.GroupError, match="already been answered"):
        services.invitation_respond(token=token, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert (
        member.company_name
        in group.project.__class__.objects.get(pk=group.project_id).organisations
    )


def test_declined_invitation_adds_nobody():
    group = working_group()
    invitation, token = _invite(group)
    services.invitation_respond(token=token, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not group.participants.exists()


def test_invitation_expires(settings):
    settings.MEETREGION_INVITATION_DAYS = 14
    group = working_group()
    invitation, token = _invite(group)
    with (
        time_machine.travel(timezone.now() + timedelta(days=15)),
        pytest.raises(services.GroupError, match="expired"),
    ):
        services.invitation_respond(token=token, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.EXPIRED
    assert not group.participants.exists()


def test_a_member_is_not_invited_twice_while_waiting():
    group = working_group()
    member = MemberFactory()
    services.invitation_create(group=group, member=member)
    with pytest.raises(services.GroupError, match="already has an invitation"):
        services.invitation_create(group=group, member=member)


def test_withdrawn_member_cannot_be_invited():
    with pytest.raises(services.GroupError):
        services.invitation_create(group=working_group(), member=MemberFactory(status="withdrawn"))


def test_overdue_is_computed_from_the_cadence():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        group = working_group()
        assert list(groups_overdue()) == []
        clock.shift(timedelta(days=31))
        assert list(groups_overdue()) == [group]
        services.report_file(group=group, done="Met twice", next_steps="Survey")
        assert list(groups_overdue()) == []
        group.refresh_from_db()
        assert group.next_report_due == timezone.localdate() + timedelta(days=30)
        services.group_pause(group=group)
        clock.shift(timedelta(days=60))
        assert list(groups_overdue()) == []  # a paused group owes no report
        assert services.group_revive(group=group)
        assert not services.group_revive(group=group)
        assert list(groups_overdue()) == []


def test_public_progress_reaches_the_project_page():
    group = working_group()
    services.report_file(group=group, done="Mapped 40 sites", next_steps="Pick five")
    group.project.refresh_from_db()
    assert group.project.progress_text == "Mapped 40 sites"
    services.report_file(group=group, done="Internal only", next_steps="-", is_public=False)
    group.project.refresh_from_db()
    assert group.project.progress_text == "Mapped 40 sites"


def test_completion_end_to_end_from_report_to_knowledge_bank_draft(
    django_capture_on_commit_callbacks,
):
    idea = accepted_idea()
    with django_capture_on_commit_callbacks(execute=True):
        group = working_group(ideas=[idea])
        pdf = SimpleUploadedFile("result.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
        report, entry = services.group_complete(
            group=group,
            results="Five charging hubs",
            experiences="Start small",
            lessons="Involve the grid owner early",
            partners="Acme, the city",
            attachments=[pdf],
        )
    group.refresh_from_db()
    idea.refresh_from_db()
    assert group.status == WorkingGroup.Status.COMPLETED and group.next_report_due is None
    assert idea.stage == Stage.COMPLETED
    assert report.kind == Report.Kind.FINAL and report.attachments.count() == 1
    assert entry.status == "draft" and entry.results == "Five charging hubs"
    assert entry.project == group.project
    assert Entry.objects.filter(status="published").count() == 0
    group.project.refresh_from_db()
    assert group.project.status == "finished"
    kinds = list(Email.objects.values_list("kind", flat=True))
    assert "group_final_report_filed" in kinds
    assert kinds.count("idea_stage_changed") == 2  # in a group, then completed
    with pytest.raises(services.GroupError, match="already filed"):
        services.group_complete(
            group=group, results="x", experiences="x", lessons="x", partners="x"
        )
