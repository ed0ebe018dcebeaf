"""email_send waits inside the worker only for short retries; longer ones go to the sweep."""

import pytest
from celery.exceptions import Retry

from notifications import services, tasks
from notifications.services import Delivery


def test_a_short_backoff_retries_inside_the_worker(monkeypatch, settings):
    settings.MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS = 120
    monkeypatch.setattr(services, "email_deliver", lambda **_: Delivery("retry", retry_in=60))
    with pytest.raises(Retry):
        tasks.email_send.run(1)


def test_a_long_backoff_is_left_to_the_sweep_not_held_past_the_visibility_timeout(
    monkeypatch, settings
):
    settings.MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS = 120
    monkeypatch.setattr(services, "email_deliver", lambda **_: Delivery("retry", retry_in=240))
    assert tasks.email_send.run(1) == "deferred"


def test_the_inline_retry_limit_stays_below_the_visibility_timeout():
    from django.conf import settings

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS
