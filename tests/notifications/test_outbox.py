from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ideas.services import idea_move
from ideas.stages import Stage
from notifications import services
from notifications.models import Email
from notifications.services import email_deliver, email_queue

pytestmark = pytest.mark.django_db


def _queue(**overrides):
    return email_queue(
        to="ada@acme.example",
        template="tracking_links",
        context={"links": [], "site": None},
        language="en",
        **overrides,
    )


def test_sent_through_smtp_once_with_a_stable_message_id(smtp_sink):
    email = _queue()
    assert email_deliver(email_id=email.pk).outcome == "sent"
    assert email_deliver(email_id=email.pk).outcome == "skipped"
    email.refresh_from_db()
    assert email.status == Email.Status.SENT and email.attempts == 1
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0]["Message-ID"] == email.message_id


def test_transient_failure_is_retried_with_growing_delays(smtp_sink, settings):
    settings.MEETREGION_EMAIL_RETRY_BASE_SECONDS = 10
    smtp_sink.handler.scripted = ["451 Try again later"] * 3
    email = _queue()
    start = timezone.now()
    delays = []
    with time_machine.travel(start, tick=False) as clock:
        for _attempt in range(3):
            delivery = email_deliver(email_id=email.pk)
            assert delivery.outcome == "retry"
            delays.append(delivery.retry_in)
            # Not due yet: a duplicate task or the sweep sends nothing before the delay.
            assert email_deliver(email_id=email.pk).outcome == "skipped"
            clock.shift(timedelta(seconds=delivery.retry_in))
        assert email_deliver(email_id=email.pk).outcome == "sent"
    assert delays == [10, 20, 40]
    assert len(smtp_sink.messages) == 1
    email.refresh_from_db()
    assert email.attempts == 4 and email.status == Email.Status.SENT


def test_permanent_failure_stops_and_is_visible(smtp_sink):
    smtp_sink.handler.scripted = ["550 No such mailbox"]
    email = _queue()
    assert email_deliver(email_id=email.pk).outcome == "failed"
    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert "550" in email.last_error
    assert email_deliver(email_id=email.pk).outcome == "skipped"
    assert smtp_sink.handler.attempts == 1


def test_gives_up_after_the_maximum_attempts(smtp_sink, settings):
    settings.MEETREGION_EMAIL_MAX_ATTEMPTS = 2
    smtp_sink.handler.scripted = ["421 Busy"] * 5
    email = _queue()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert email_deliver(email_id=email.pk).outcome == "retry"
        clock.shift(timedelta(hours=1))
        assert email_deliver(email_id=email.pk).outcome == "failed"


def test_unreachable_server_is_transient(settings):
    from ..smtp_sink import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    email = _queue()
    assert email_deliver(email_id=email.pk).outcome == "retry"
    email.refresh_from_db()
    assert email.status == Email.Status.PENDING and email.last_error


def test_private_link_is_blanked_after_sending(smtp_sink):
    email = _queue(redact_after_send=True)
    assert "links" in email.body_text or email.body_text
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.body_text == "" and email.body_html == ""
    assert smtp_sink.messages[0].get_payload()  # what the recipient got was not blanked


def test_stale_claim_of_a_dead_worker_is_released_by_the_sweep(settings):
    email = _queue()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING,
        claimed_by="dead-task",
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    assert services.emails_release_stale_claims() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.PENDING


def test_redelivered_task_may_take_back_its_own_claim(smtp_sink):
    email = _queue()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING, claimed_by="task-1", claimed_at=timezone.now()
    )
    assert email_deliver(email_id=email.pk, worker_id="task-2").outcome == "skipped"
    assert email_deliver(email_id=email.pk, worker_id="task-1").outcome == "sent"
    assert len(smtp_sink.messages) == 1


def test_stage_change_survives_a_broker_that_is_down(
    screener, submitted, settings, django_capture_on_commit_callbacks
):
    """The web request must not fail or lose the message when Redis is unreachable."""
    from meetregion.celery import app

    idea, _token = submitted

    def use_broker(url, eager):
        app.conf.task_always_eager = eager
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    use_broker("redis://127.0.0.1:1/0", eager=False)  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    finally:
        use_broker(settings.CELERY_BROKER_URL, eager=True)
    idea.refresh_from_db()
    assert idea.stage == Stage.SCREENING
    email = Email.objects.get(kind="idea_stage_changed")
    assert email.status == Email.Status.PENDING  # kept for the sweep
    # The sweep later delivers it (here: tasks run inline again).
    assert services.emails_sweep() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT


def test_quick_start_console_prints_links_whole(capsys):
    from django.core.mail import EmailMultiAlternatives

    from notifications.console import EmailBackend

    link = "http://127.0.0.1:8000/ideas/track/" + "x" * 43 + "/"
    message = EmailMultiAlternatives(
        "Hej – din idé", f"Följ din idé:\n{link}\n", to=["a@example.org"]
    )
    message.attach_alternative(f"<a href='{link}'>länk</a>", "text/html")
    EmailBackend().send_messages([message])
    out = capsys.readouterr().out
    assert link in out and "Subject: Hej – din idé" in out
