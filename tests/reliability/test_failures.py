"""Failures of the real services, with a real Celery worker, Redis, PostgreSQL and SMTP sink.

Each test prints the figures it measured (run with -s to see them)."""

import asyncio
import itertools
import time
from collections import Counter

import pytest
from django.test import Client

from ideas.models import Idea
from ideas.services import idea_move
from ideas.stages import Stage
from notifications.models import Email
from notifications.services import emails_sweep

from ..factories import idea_form_data
from ..smtp_sink import SinkHandler, SmtpSink
from ..workers import use_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _all_sent():
    return not Email.objects.exclude(status=Email.Status.SENT).exists()


def test_redis_down_halfway_loses_nothing(
    private_redis, worker_factory, smtp_sink, screener, settings
):
    settings.MEETREGION_RATE_LIMIT_POSTS = 10_000
    use_broker(private_redis.url)
    worker = worker_factory(broker=private_redis.url, smtp_url=smtp_sink.url)
    worker.start()
    client = Client()
    statuses = Counter()
    started = time.monotonic()
    for n in range(100):
        if n == 50:
            private_redis.stop()  # halfway: the broker is gone
        response = client.post(
            "/ideas/new/",
            idea_form_data(
                confirmed_similar="1", email=f"outage{n}@example.org", title=f"Outage idea {n}"
            ),
        )
        statuses[response.status_code] += 1
        idea = Idea.objects.get(email=f"outage{n}@example.org")
        idea_move(idea=idea, to=Stage.SCREENING, by=screener, note=f"Screening {n}")
    during = time.monotonic() - started
    assert statuses == {302: 100}, statuses
    assert Idea.objects.count() == 100
    assert Email.objects.count() == 200
    undelivered = Email.objects.exclude(status=Email.Status.SENT).count()
    assert undelivered > 0  # the outage really stopped some

    private_redis.start()
    # Kombu's consumer can die with "Unrecoverable error" when the broker vanishes while it
    # holds unacknowledged tasks; in production the process supervisor (docker-compose
    # `restart: unless-stopped`) starts it again, as this test does.
    restarted = worker.process.poll() is not None
    if restarted:
        worker.start()
    sweeps = 0
    for _ in range(2):
        sweeps += 1
        emails_sweep()  # what beat runs every minute
        try:
            wait_for(lambda: len(smtp_sink.messages) >= 200 and _all_sent(), 30, "delivery")
            break
        except AssertionError:
            continue
    ids = Counter(m["Message-ID"] for m in smtp_sink.messages)
    duplicates = sum(c - 1 for c in ids.values())
    print(
        f"\nredis outage: 100/100 ideas stored, 100 stage changes, statuses {dict(statuses)}, "
        f"{undelivered} e-mails waiting after the outage, {len(ids)}/200 delivered after "
        f"{sweeps} sweep(s), {duplicates} duplicate Message-IDs, {during:.1f}s for the load, "
        f"worker restarted by the supervisor: {restarted}"
    )
    assert _all_sent()
    assert len(ids) == 200 and duplicates == 0
    assert set(ids) == {email.message_id for email in Email.objects.all()}


def _email(to="ada@example.org"):
    from django.db import transaction

    from notifications.services import email_queue

    with transaction.atomic():
        return email_queue(
            to=to, template="tracking_links", context={"links": [], "site": None}, language="en"
        )


class TimedHandler(SinkHandler):
    """Records when each attempt arrived."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.times = []

    async def handle_DATA(self, server, session, envelope):
        self.times.append(time.monotonic())
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def scripted_sink():
    sink = SmtpSink()
    sink.handler = TimedHandler()
    from aiosmtpd.controller import Controller

    sink.controller = Controller(sink.handler, hostname="127.0.0.1", port=sink.port)
    with sink:
        yield sink


def test_transient_smtp_errors_retry_with_growing_delays_then_deliver_once(
    private_redis, worker_factory, scripted_sink
):
    scripted_sink.handler.scripted = ["451 4.3.0 try again later"] * 3
    use_broker(private_redis.url)
    worker = worker_factory(
        broker=private_redis.url,
        smtp_url=scripted_sink.url,
        env={"MEETREGION_EMAIL_RETRY_BASE_SECONDS": "1"},
    )
    worker.start()
    email = _email()
    wait_for(lambda: Email.objects.get(pk=email.pk).status == Email.Status.SENT, 60, "delivery")
    times = scripted_sink.handler.times
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(times)]
    print(
        f"\nSMTP 451 x3: {len(times)} attempts, gaps {gaps}s, "
        f"{len(scripted_sink.messages)} delivered"
    )
    assert len(scripted_sink.messages) == 1
    assert Email.objects.get(pk=email.pk).attempts == 4
    assert len(gaps) == 3 and gaps[0] < gaps[1] < gaps[2]


def test_permanent_smtp_error_fails_for_good_and_shows_to_staff(
    private_redis, worker_factory, scripted_sink, screener
):
    scripted_sink.handler.scripted = ["550 5.1.1 no such mailbox"]
    use_broker(private_redis.url)
    worker = worker_factory(
        broker=private_redis.url,
        smtp_url=scripted_sink.url,
        env={"MEETREGION_EMAIL_RETRY_BASE_SECONDS": "1"},
    )
    worker.start()
    idea = Idea.objects.create(**_idea_fields())
    from django.db import transaction

    from notifications.services import email_queue

    with transaction.atomic():
        email = email_queue(
            to=idea.email,
            template="tracking_links",
            context={"links": [], "site": None},
            language="en",
            related=idea,
        )
    wait_for(lambda: Email.objects.get(pk=email.pk).status == Email.Status.FAILED, 30, "failure")
    emails_sweep()
    time.sleep(3)  # a real worker: give a wrong retry the time it would need to show up
    assert scripted_sink.handler.attempts == 1
    assert Email.objects.get(pk=email.pk).status == Email.Status.FAILED
    client = Client()
    client.force_login(screener)
    page = client.get(f"/admin/ideas/idea/{idea.pk}/change/").content.decode()
    assert "550" in page and "no such mailbox" in page


def _idea_fields():
    from ..factories import IdeaFactory

    return {
        f: getattr(IdeaFactory.build(), f)
        for f in (
            "reference",
            "organisation_name",
            "organisation_type",
            "contact_name",
            "email",
            "title",
            "description",
            "collaboration_kind",
        )
    }


class SlowHandler(SinkHandler):
    """Takes its time over the first message, so a test can kill the sender mid-send."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started = 0

    async def handle_DATA(self, server, session, envelope):
        self.started += 1
        if self.started == 1:
            await asyncio.sleep(3)
        return await super().handle_DATA(server, session, envelope)


def test_worker_killed_while_sending_comes_back_and_delivers(private_redis, worker_factory):
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    sink.handler = SlowHandler()
    sink.controller = Controller(sink.handler, hostname="127.0.0.1", port=sink.port)
    with sink:
        use_broker(private_redis.url)
        worker = worker_factory(
            broker=private_redis.url,
            smtp_url=sink.url,
            env={
                # Short, so a message the killed worker held comes back within seconds;
                # Redis scans for such messages every second here.
                "CELERY_VISIBILITY_TIMEOUT": "5",
                "CELERY_UNACKED_RESTORE_INTERVAL": "1",
                "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            },
        )
        worker.start()
        email = _email()
        wait_for(lambda: sink.handler.started == 1, 30, "the send to begin")
        worker.kill()  # SIGKILL while the SMTP conversation is under way
        assert Email.objects.get(pk=email.pk).status == Email.Status.SENDING
        started = time.monotonic()
        worker.start()  # a new worker; the unacknowledged task must come back by itself
        # No sweep here: the claim timeout is the default five minutes, so only the broker
        # redelivering the unacknowledged task (same task id, which may take back its own
        # claim) can deliver the message within the wait.
        wait_for(
            lambda: Email.objects.get(pk=email.pk).status == Email.Status.SENT,
            30,
            "redelivery of the unacknowledged task (late acknowledgement)",
        )
        ids = Counter(m["Message-ID"] for m in sink.messages)
        print(
            f"\nworker SIGKILL: delivered {time.monotonic() - started:.1f}s after the kill by late "
            f"acknowledgement, {sink.handler.started} SMTP attempts, {sum(ids.values())} "
            f"message(s) accepted, {sum(c - 1 for c in ids.values())} duplicate(s)"
        )
        assert set(ids) == {email.message_id}
        # The only window for a duplicate: the sink accepted, the worker died before marking.
        assert sum(ids.values()) <= 2
