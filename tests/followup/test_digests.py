from datetime import timedelta

import pytest
from django.utils import timezone

from followup.models import Digest
from followup.services import digest_contents, digest_send, digests_send
from followup.tasks import digests_send as digests_task
from notifications.models import Email

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _digests():
    return {e.to: e for e in Email.objects.filter(kind="followup_digest")}


def test_each_contact_gets_one_digest_with_what_is_theirs(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 2
    mails = _digests()
    assert set(mails) == {"sara@unit.example", "pelle@unit.example"}
    screener = mails["sara@unit.example"].body_text
    assert "A-1" in screener and "B-1" in screener  # stalled
    assert "D-1" in screener  # paused, revive date has come
    assert "C-1" not in screener and "E-1" not in screener and "F-1" not in screener
    assert "Overdue group" not in screener  # sara supports only the on-time group
    assert "/admin/ideas/idea/" in screener
    support = mails["pelle@unit.example"].body_text
    assert "Overdue group" in support and "14 days overdue" in support
    assert "A-1" not in support  # not a screener
    assert "Finished group" not in support  # completed groups owe no report
    # Submitters' personal data stay out of the digest.
    for body in (screener, support, mails["sara@unit.example"].body_html):
        assert "@submitter.example" not in body and "Contact Person" not in body
    assert mails["sara@unit.example"].subject.startswith("Follow-up for")
    digest = Digest.objects.get(user=world["screener"])
    assert (digest.stalled_ideas, digest.ideas_to_revive, digest.overdue_groups) == (2, 1, 0)
    assert digest.email.status == Email.Status.SENT


def test_at_most_one_digest_a_day(world, clock):
    assert digests_send() == 2
    clock.shift(timedelta(hours=6))  # 16:00 the same day: the hourly beat runs again
    assert digests_send() == 0
    assert Email.objects.filter(kind="followup_digest").count() == 2
    clock.shift(timedelta(hours=18))  # 10:00 the next day
    assert digests_send() == 2
    assert Email.objects.filter(kind="followup_digest").count() == 4
    assert Digest.objects.filter(user=world["screener"]).count() == 2


def test_a_racing_second_run_sends_nothing(world):
    content = digest_contents(now=timezone.now())
    user = world["screener"]
    day = timezone.localdate()
    assert digest_send(user=user, day=day, content=content[user.pk]) is not None
    # The other run passed its "already sent?" check before this one committed.
    assert digest_send(user=user, day=day, content=content[user.pk]) is None
    assert Email.objects.filter(kind="followup_digest", to=user.email).count() == 1


def test_nothing_is_sent_before_the_digest_hour(world, clock):
    clock.move_to(NOW.replace(hour=5))
    assert digests_send() == 0 and not Digest.objects.exists()


def test_nothing_is_sent_when_nothing_is_due(world):
    from ideas.models import Idea
    from workgroups.models import WorkingGroup

    Idea.objects.all().delete()
    WorkingGroup.objects.update(next_report_due=None)
    assert digests_send() == 0
    assert not Digest.objects.exists() and not Email.objects.exists()


def test_staff_outside_the_roles_get_nothing(world, staff_without_rights):
    digests_send()
    assert not Digest.objects.filter(user=staff_without_rights).exists()
    assert not Digest.objects.filter(user=world["evaluator"]).exists()


def test_the_beat_task_is_scheduled_and_calls_the_service(world, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["followup-reminder-digests"]
    assert entry["task"] == digests_task.name == "followup.tasks.digests_send"
    assert digests_task.apply().get() == 2
