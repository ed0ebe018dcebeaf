import pytest
from django.urls import reverse

from ideas.models import Idea, InternalNote, StageChange
from ideas.services import idea_move
from ideas.stages import Stage
from notifications.models import Email

from ..factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def screener_client(client, screener):
    client.force_login(screener)
    return client


def move_url(idea):
    return reverse("admin:ideas_idea_move", args=[idea.pk])


def test_anonymous_and_outsiders_are_sent_to_login(client, outsider, submitted):
    url = reverse("admin:ideas_idea_changelist")
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    assert client.post(move_url(submitted[0]), {"to": "screening"}).status_code == 302
    submitted[0].refresh_from_db()
    assert submitted[0].stage == Stage.SUBMITTED


def test_staff_without_the_screeners_role_cannot_move(client, staff_without_rights, submitted):
    client.force_login(staff_without_rights)
    assert client.post(move_url(submitted[0]), {"to": "screening"}).status_code == 403


def test_queue_filters_by_stage_and_searches(screener_client):
    IdeaFactory(title="Charging vans", stage=Stage.SUBMITTED)
    IdeaFactory(title="Summer jobs", stage=Stage.SCREENING)
    url = reverse("admin:ideas_idea_changelist")
    response = screener_client.get(url, {"stage__exact": "screening"})
    assert response.status_code == 200
    assert "Summer jobs" in response.text and "Charging vans" not in response.text
    response = screener_client.get(url, {"q": "charging"})
    assert "Charging vans" in response.text and "Summer jobs" not in response.text


def test_change_page_offers_only_legal_moves(screener_client, submitted):
    idea, _ = submitted
    response = screener_client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
    assert response.status_code == 200
    assert f"{move_url(idea)}?to=screening" in response.text
    assert f"{move_url(idea)}?to=completed" not in response.text


def test_move_with_note_records_history_and_notifies(
    screener_client, screener, submitted, django_capture_on_commit_callbacks
):
    idea, _ = submitted
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(
            move_url(idea),
            {"to": "screening", "note": "We have started.", "internal_note": "Call them."},
            follow=True,
        )
    assert response.status_code == 200
    assert "moved to “In screening”" in response.text
    change = StageChange.objects.get(idea=idea, to_stage=Stage.SCREENING)
    assert change.by == screener and change.from_stage == Stage.SUBMITTED
    assert change.note == "We have started."
    assert InternalNote.objects.get(idea=idea).author == screener
    email = Email.objects.get(kind="idea_stage_changed")
    assert email.status == Email.Status.SENT


def test_illegal_jump_is_refused_with_a_clear_message(screener_client, submitted):
    idea, _ = submitted
    response = screener_client.post(move_url(idea), {"to": "completed"})
    assert response.status_code == 200
    assert "An idea that is “Submitted” cannot move to “Completed”." in response.text
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED


def test_stale_move_is_refused_with_a_clear_message(screener_client, screener, submitted):
    """Two screeners on one idea: the second one's form offered a move that is no longer legal."""
    idea, _ = submitted
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    idea_move(idea=idea, to=Stage.DECLINED, by=screener, note="No.")
    # The first form was rendered while the idea was still submitted.
    Idea.objects.filter(pk=idea.pk).update(stage=Stage.SUBMITTED)
    form_page = screener_client.get(move_url(idea))
    assert form_page.status_code == 200
    Idea.objects.filter(pk=idea.pk).update(stage=Stage.DECLINED)
    response = screener_client.post(move_url(idea), {"to": "referred"}, follow=True)
    assert "An idea that is “Declined” cannot move to “Referred to the business pilot”." in (
        response.text
    )
    idea.refresh_from_db()
    assert idea.stage == Stage.DECLINED


def test_declining_without_a_reason_shows_the_error_beside_the_note(
    screener_client, screener, submitted
):
    idea, _ = submitted
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    response = screener_client.post(move_url(idea), {"to": "declined", "note": ""})
    assert response.status_code == 200
    assert "Say why the idea is declined" in response.text
    idea.refresh_from_db()
    assert idea.stage == Stage.SCREENING


def test_repeated_move_says_nothing_changed(screener_client, screener, submitted):
    idea, _ = submitted
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    # A second tab still shows "move to screening" from before.
    Idea.objects.filter(pk=idea.pk).update(stage=Stage.SUBMITTED)
    form = screener_client.get(move_url(idea))
    assert form.status_code == 200
    Idea.objects.filter(pk=idea.pk).update(stage=Stage.SCREENING)
    response = screener_client.post(move_url(idea), {"to": "screening"}, follow=True)
    assert "is already “In screening”; nothing changed." in response.text
    assert StageChange.objects.filter(idea=idea, to_stage=Stage.SCREENING).count() == 1


def test_bulk_action_starts_screening_and_reports_what_it_skipped(screener_client, screener):
    fresh = IdeaFactory(stage=Stage.SUBMITTED)
    done = IdeaFactory(stage=Stage.COMPLETED)
    response = screener_client.post(
        reverse("admin:ideas_idea_changelist"),
        {"action": "start_screening", "_selected_action": [fresh.pk, done.pk]},
        follow=True,
    )
    assert "1 idea moved into screening." in response.text
    assert "1 idea could not move into screening" in response.text
    fresh.refresh_from_db()
    done.refresh_from_db()
    assert fresh.stage == Stage.SCREENING and done.stage == Stage.COMPLETED


def test_screening_checklist_is_saved_and_stage_cannot_be_edited_directly(
    screener_client, submitted
):
    idea, _ = submitted
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    page = screener_client.get(url)
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "focus_areas": [],
            "meets_criteria": "true",
            "is_realistic": "false",
            "existing_work": "The harbour association runs something similar.",
            "stage": "completed",
        }
    )
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for form in inline.formset.initial_forms:
            data[form.add_prefix(form._meta.model._meta.pk.name)] = form.instance.pk
    response = screener_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
        [f.formset.non_form_errors() for f in response.context["inline_admin_formsets"]],
    )
    idea.refresh_from_db()
    assert idea.meets_criteria is True and idea.is_realistic is False
    assert idea.existing_work.startswith("The harbour")
    assert idea.stage == Stage.SUBMITTED


def test_failed_notification_is_visible_on_the_idea(screener_client, submitted):
    idea, _ = submitted
    Email.objects.filter(kind="idea_received").update(
        status=Email.Status.FAILED, last_error="SMTPRecipientsRefused: 550 no such user"
    )
    response = screener_client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
    assert "550 no such user" in response.text


def test_two_screeners_choosing_different_moves_get_one_move_and_a_conflict(
    screener_client, screener, submitted, django_capture_on_commit_callbacks
):
    idea, _ = submitted
    # Both screeners open the move page while the idea is "submitted".
    screener_client.get(move_url(idea))
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)  # the first one moves it
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(
            move_url(idea), {"to": "referred", "from_stage": "submitted"}, follow=True
        )
    assert "Someone else moved" in response.text and "was not made" in response.text
    idea.refresh_from_db()
    assert idea.stage == Stage.SCREENING
    assert StageChange.objects.filter(idea=idea).count() == 2
