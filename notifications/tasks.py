from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    name="notifications.tasks.email_send",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def email_send(self, email_id: int) -> str:
    delivery = services.email_deliver(email_id=email_id, worker_id=self.request.id or "")
    if delivery.outcome == "retry" and not self.request.is_eager:
        # A retry with a countdown is held, unacknowledged, by the worker until it is due; past
        # the broker's visibility timeout Redis would hand it out again. Long backoffs are
        # therefore left to the beat sweep, which dispatches the row at its next_attempt_at.
        if delivery.retry_in <= settings.MEETREGION_EMAIL_INLINE_RETRY_MAX_SECONDS:
            raise self.retry(countdown=delivery.retry_in)
        return "deferred"
    return delivery.outcome


@shared_task(name="notifications.tasks.emails_sweep", acks_late=True)
def emails_sweep() -> int:
    return services.emails_sweep()
