import pytest

from ideas.services import idea_move, idea_submit
from ideas.stages import Stage
from notifications.models import Email
from notifications.services import email_queue
from notifications.tasks import emails_sweep

from ..factories import idea_service_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_real_worker_delivers_the_receipt_and_the_stage_change(
    celery_worker, smtp_sink, screener, wait_for
):
    data = idea_service_data()
    idea = idea_submit(
        data=data, focus_areas=[], language="en", submission_key=data["submission_key"]
    ).idea
    idea_move(idea=idea, to=Stage.SCREENING, by=screener, note="We have started screening.")

    wait_for(lambda: len(smtp_sink.messages) >= 2, 30, "two e-mails")
    wait_for(lambda: not Email.objects.exclude(status=Email.Status.SENT).exists(), 10, "rows")
    subjects = sorted(message["Subject"] for message in smtp_sink.messages)
    assert subjects == sorted(
        [
            f"We have received your idea ({idea.reference})",
            f"Your idea {idea.reference}: In screening",
        ]
    )
    stage_mail = next(m for m in smtp_sink.messages if "In screening" in m["Subject"])
    text = stage_mail.get_payload()[0].get_payload(decode=True).decode()
    assert "We have started screening." in text
    assert {m["Message-ID"] for m in smtp_sink.messages} == {
        e.message_id for e in Email.objects.all()
    }


def test_periodic_sweep_sends_what_the_doorbell_missed(celery_worker, smtp_sink, wait_for):
    from django.db import transaction

    # A row written while the broker was down: stored, never dispatched.
    with transaction.atomic():
        email = email_queue(
            to="ada@acme.example",
            template="tracking_links",
            context={"links": [], "site": None},
            language="en",
        )
        transaction.get_connection().run_on_commit.clear()
    assert Email.objects.get(pk=email.pk).status == Email.Status.PENDING

    emails_sweep.delay()
    wait_for(lambda: len(smtp_sink.messages) == 1, 30, "the swept e-mail")
    wait_for(lambda: Email.objects.get(pk=email.pk).status == Email.Status.SENT, 10, "row")
    assert smtp_sink.messages[0]["Message-ID"] == email.message_id
