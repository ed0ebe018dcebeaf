import pytest
from django.core import mail

from core.caching import content_generation_bump
from ideas.models import Idea, InternalNote, StageChange, TrackingLink, token_hash
from ideas.services import (
    IllegalMove,
    NoteRequired,
    StaleMove,
    idea_move,
    idea_submit,
    tracking_link_resolve,
)
from ideas.stages import MOVES, Stage
from notifications.models import Email

from ..factories import FocusAreaFactory, idea_service_data

pytestmark = pytest.mark.django_db


def _submit(key=None, **overrides):
    data = idea_service_data(**overrides)
    return idea_submit(
        data=data,
        focus_areas=[],
        language="sv",
        submission_key=key or data["submission_key"],
    )


def test_submission_records_first_stage_and_queues_receipt(django_capture_on_commit_callbacks):
    area = FocusAreaFactory()
    data = idea_service_data()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = idea_submit(
            data=data,
            focus_areas=[area],
            language="sv",
            submission_key=data["submission_key"],
        )
    idea = submission.idea
    assert submission.created
    assert idea.stage == Stage.SUBMITTED
    assert idea.reference.endswith(f"-{idea.pk:05d}")
    assert list(idea.focus_areas.all()) == [area]
    assert idea.language == "sv"
    assert list(idea.stage_changes.values_list("from_stage", "to_stage")) == [("", "submitted")]
    # The receipt's task (the other callback bumps the page cache's generation on commit).
    assert len([c for c in callbacks if c is not content_generation_bump]) == 1
    email = Email.objects.get()
    assert email.to == "ada@acme.example" and email.kind == "idea_received"
    assert email.status == Email.Status.SENT
    assert len(mail.outbox) == 1
    assert submission.token in mail.outbox[0].body
    # The private link lived in the row only until it was sent.
    assert email.body_text == "" and email.body_html == ""


def test_only_a_hash_of_the_tracking_token_is_stored():
    submission = _submit()
    stored = TrackingLink.objects.get(idea=submission.idea).token_hash
    assert stored == token_hash(submission.token)
    assert submission.token not in stored
    assert len(submission.token) >= 43  # 32 random bytes, base64
    assert tracking_link_resolve(token=submission.token) == submission.idea
    assert tracking_link_resolve(token=submission.token[:-1] + "x") is None


def test_same_submission_key_files_one_idea():
    first = _submit(key="5b0f4c1e-7a51-4e4b-9b1c-111111111111")
    second = _submit(key="5b0f4c1e-7a51-4e4b-9b1c-111111111111")
    assert Idea.objects.count() == 1
    assert second.idea == first.idea
    assert not second.created
    assert tracking_link_resolve(token=second.token) == first.idea


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], Stage.SCREENING),
        ([Stage.SCREENING], Stage.ACCEPTED),
        ([Stage.SCREENING], Stage.PAUSED),
        ([Stage.SCREENING, Stage.PAUSED], Stage.SCREENING),
        ([Stage.SCREENING, Stage.PAUSED], Stage.ACCEPTED),
        ([Stage.SCREENING, Stage.ACCEPTED], Stage.IN_GROUP),
        ([Stage.SCREENING, Stage.ACCEPTED, Stage.IN_GROUP], Stage.COMPLETED),
        ([], Stage.REFERRED),
    ],
)
def test_legal_moves_are_recorded_and_notified(
    screener, path, target, django_capture_on_commit_callbacks
):
    idea = _submit().idea
    for stage in path:
        idea_move(idea=idea, to=stage, by=screener)
    before = Email.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        change = idea_move(idea=idea, to=target, by=screener, note="Because we can.")
    idea.refresh_from_db()
    assert idea.stage == target
    assert change.to_stage == target and change.by == screener and change.note == "Because we can."
    assert StageChange.objects.filter(idea=idea).count() == len(path) + 2
    assert Email.objects.count() == before + 1
    assert Email.objects.first().kind == "idea_stage_changed"


def test_declined_idea_cannot_be_accepted(screener):
    idea = _submit().idea
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    idea_move(idea=idea, to=Stage.DECLINED, by=screener, note="Out of scope.")
    with pytest.raises(IllegalMove):
        idea_move(idea=idea, to=Stage.ACCEPTED, by=screener)
    idea.refresh_from_db()
    assert idea.stage == Stage.DECLINED


def test_every_illegal_jump_is_refused_and_changes_nothing(screener):
    idea = _submit().idea
    illegal = [s for s in Stage.values if s not in MOVES[Stage.SUBMITTED] and s != Stage.SUBMITTED]
    assert Stage.COMPLETED in illegal and Stage.IN_GROUP in illegal
    for target in illegal:
        with pytest.raises(IllegalMove):
            idea_move(idea=idea, to=target, by=screener)
    assert StageChange.objects.filter(idea=idea).count() == 1
    assert Email.objects.count() == 1


def test_repeating_a_move_does_nothing(screener):
    idea = _submit().idea
    assert idea_move(idea=idea, to=Stage.SCREENING, by=screener) is not None
    assert idea_move(idea=idea, to=Stage.SCREENING, by=screener) is None
    assert StageChange.objects.filter(idea=idea, to_stage=Stage.SCREENING).count() == 1
    assert Email.objects.filter(kind="idea_stage_changed").count() == 1


def test_declining_needs_a_reason(screener):
    idea = _submit().idea
    with pytest.raises(NoteRequired):
        idea_move(idea=idea, to=Stage.DECLINED, by=screener, note="   ")
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED


def test_pause_keeps_revive_date_and_internal_note_stays_internal(screener):
    import datetime

    idea = _submit().idea
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    idea_move(
        idea=idea,
        to=Stage.PAUSED,
        by=screener,
        note="Later.",
        internal_note="Budget is frozen until March.",
        revive_on=datetime.date(2027, 3, 1),
    )
    idea.refresh_from_db()
    assert idea.revive_on == datetime.date(2027, 3, 1)
    assert InternalNote.objects.get(idea=idea).text == "Budget is frozen until March."
    paused_email = Email.objects.filter(kind="idea_stage_changed").first()
    assert "Later." in paused_email.body_text
    assert not Email.objects.filter(body_text__contains="Budget").exists()
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    idea.refresh_from_db()
    assert idea.revive_on is None


def test_stage_change_email_is_in_the_submitters_language(screener):
    idea = _submit().idea  # submitted in Swedish
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    assert Email.objects.first().language == "sv"


def test_a_move_from_a_stage_the_idea_has_left_is_a_conflict(screener):
    idea = _submit().idea
    idea_move(idea=idea, to=Stage.SCREENING, by=screener)  # the first screener
    with pytest.raises(StaleMove) as conflict:
        # The second screener saw "submitted" and chose to refer it.
        idea_move(idea=idea, to=Stage.REFERRED, by=screener, expected_stage=Stage.SUBMITTED)
    assert conflict.value.actual == Stage.SCREENING
    idea.refresh_from_db()
    assert idea.stage == Stage.SCREENING
    assert Email.objects.filter(kind="idea_stage_changed").count() == 1
