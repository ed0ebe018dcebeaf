import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ideas.stages import Stage
from knowledgebank.models import Entry
from notifications.models import Email
from workgroups import services
from workgroups.models import Invitation, Report, WorkingGroup

from ..factories import MemberFactory, accepted_idea, lead_token, working_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return working_group()


def test_lead_files_a_progress_report_through_the_private_link(client, group):
    token = lead_token(group)
    url = f"/groups/report/{token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert group.name in page.text and group.goal in page.text
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    response = client.post(
        url,
        {"done": "Met the grid owner", "next_steps": "Site visits", "is_public": "on"},
        follow=True,
    )
    assert "your report has been filed" in response.text
    report = Report.objects.get(group=group)
    assert report.done == "Met the grid owner" and report.is_public


def test_bad_report_input_saves_nothing(client, group):
    url = f"/groups/report/{lead_token(group)}/"
    response = client.post(url, {"done": "", "next_steps": ""})
    assert response.status_code == 400
    assert 'href="#id_done"' in response.text
    assert not Report.objects.exists()


@pytest.mark.parametrize("token", ["nope", "A" * 43])
def test_wrong_lead_token_is_a_404(client, group, token):
    assert client.get(f"/groups/report/{token}/").status_code == 404


def test_new_lead_link_revokes_the_old_one(client, group):
    old = lead_token(group)
    services.lead_link_resend(group=group)
    assert client.get(f"/groups/report/{old}/").status_code == 404


def test_final_report_closes_the_group_and_drafts_the_knowledge_bank_entry(client, group):
    idea = group.ideas.get()
    url = f"/groups/report/{lead_token(group)}/final/"
    assert client.get(url).status_code == 200
    pdf = SimpleUploadedFile("summary.pdf", b"%PDF-1.7 the results", content_type="application/pdf")
    response = client.post(
        url,
        {
            "results": "Five hubs",
            "experiences": "Good",
            "lessons": "Start early",
            "partners": "Acme",
            "confirm": "on",
            "attachments": [pdf],
        },
        follow=True,
    )
    assert "the final report is filed" in response.text
    group.refresh_from_db()
    idea.refresh_from_db()
    assert group.status == WorkingGroup.Status.COMPLETED and idea.stage == Stage.COMPLETED
    assert Entry.objects.get().status == "draft"
    # The page now thanks the lead and offers no more forms.
    assert client.get(url).status_code == 302


def test_final_report_refuses_a_disguised_file(client, group):
    url = f"/groups/report/{lead_token(group)}/final/"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        url,
        {
            "results": "r",
            "experiences": "e",
            "lessons": "l",
            "partners": "p",
            "confirm": "on",
            "attachments": [fake],
        },
    )
    assert response.status_code == 400
    assert "its content is not a PDF file" in response.text
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE


def _invitation_token(invitation):
    body = Email.objects.get(kind="group_invitation", object_id=str(invitation.pk)).body_text
    return body.split("/groups/invitations/")[1].split("/")[0]


def test_invitation_link_asks_first_and_answers_once(client, group):
    member = MemberFactory(name="Ines")
    invitation = services.invitation_create(group=group, member=member)
    url = f"/groups/invitations/{_invitation_token(invitation)}/"
    page = client.get(url + "?answer=accept")
    assert page.status_code == 200 and "Accept the invitation" in page.text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING  # following the link changes nothing
    client.post(url, {"answer": "accept"})
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert "already been answered" in response.text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert group.participants.filter(member=member).exists()


def test_invitation_needs_a_known_answer(client, group):
    invitation = services.invitation_create(group=group, member=MemberFactory())
    url = f"/groups/invitations/{_invitation_token(invitation)}/"
    response = client.post(url, {"answer": "maybe"}, follow=True)
    assert "Please choose whether to accept or decline." in response.text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_wrong_invitation_token_is_a_404(client):
    assert client.get("/groups/invitations/nope/").status_code == 404


def test_private_pages_refuse_other_methods(client, group):
    assert client.put(f"/groups/report/{lead_token(group)}/").status_code == 405


# -- Admin ------------------------------------------------------------------------------------


@pytest.fixture
def staff(admin_user, client):
    client.force_login(admin_user)
    return client


def test_staff_form_a_group_from_an_accepted_idea(staff, admin_user):
    idea = accepted_idea()
    url = reverse("admin:workgroups_workinggroup_create") + f"?ideas={idea.pk}"
    assert staff.get(url).status_code == 200
    response = staff.post(
        url,
        {
            "ideas": [idea.pk],
            "name": "Vans",
            "goal": "Charge vans",
            "starts_on": "2026-12-01",
            "cadence_days": "30",
            "lead_name": "Lea",
            "lead_email": "lea@example.org",
            "lead_language": "sv",
            "process_support": admin_user.pk,
        },
    )
    group = WorkingGroup.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:workgroups_workinggroup_invite", args=[group.pk])
    idea.refresh_from_db()
    assert idea.stage == Stage.IN_GROUP and group.lead_language == "sv"


def test_group_form_errors_are_shown_and_nothing_is_formed(staff, admin_user):
    idea = accepted_idea()
    url = reverse("admin:workgroups_workinggroup_create")
    response = staff.post(
        url,
        {
            "ideas": [idea.pk],
            "name": "",
            "goal": "",
            "starts_on": "2026-12-01",
            "ends_on": "2026-01-01",
            "cadence_days": "30",
            "lead_email": "nope",
            "process_support": admin_user.pk,
        },
    )
    assert response.status_code == 200
    assert "The planned end cannot come before the start." in response.text
    assert not WorkingGroup.objects.exists()


def test_invite_page_shows_ranked_suggestions_and_sends_invitations(staff, group):
    member = MemberFactory(name="Suggested Sam")
    url = reverse("admin:workgroups_workinggroup_invite", args=[group.pk])
    page = staff.get(url)
    assert "Suggested Sam" in page.text and "Open to collaboration broadly" in page.text
    staff.post(url, {"kind": "members", "member": [member.pk]})
    assert Invitation.objects.get().member == member
    response = staff.post(
        url,
        {
            "kind": "outsider",
            "name": "Olle Outside",
            "email": "olle@example.org",
            "side": "municipal",
            "role": "Expert",
        },
        follow=True,
    )
    assert "Choose the municipal organisation" in response.text
    assert Invitation.objects.count() == 1


def test_admin_warns_when_a_side_is_missing(staff, group):
    response = staff.get(reverse("admin:workgroups_workinggroup_change", args=[group.pk]))
    assert "no business members yet" in response.text
    assert "no municipal members yet" in response.text


def test_accepted_idea_shows_suggestions_with_reasons(staff):
    idea = accepted_idea()
    MemberFactory(name="Broad Bea")
    response = staff.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
    assert "Broad Bea" in response.text and "Open to collaboration broadly" in response.text
    assert "Form a working group" in response.text


def test_overdue_filter_lists_late_groups(staff, group):
    WorkingGroup.objects.filter(pk=group.pk).update(next_report_due="2020-01-01")
    late = staff.get(reverse("admin:workgroups_workinggroup_changelist"), {"reporting": "overdue"})
    assert group.name in late.text


def test_member_admin_lists_the_members_groups(staff, group):
    member = MemberFactory(name="Grete")
    from workgroups.models import Participant

    Participant.objects.create(group=group, side="business", member=member, name=member.name)
    response = staff.get(reverse("admin:resourcebank_member_change", args=[member.pk]))
    assert group.name in response.text


def test_process_support_role_can_run_groups_but_not_edit_criteria(client, group):
    from core.roles import PROCESS_SUPPORT, roles_ensure

    from ..factories import UserFactory

    user = UserFactory(username="ps", is_staff=True)
    user.groups.add(roles_ensure()[PROCESS_SUPPORT])
    client.force_login(user)
    assert (
        client.get(reverse("admin:workgroups_workinggroup_invite", args=[group.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:workgroups_workinggroup_create")).status_code == 200
    assert client.get(reverse("admin:ideas_criterion_changelist")).status_code == 403
