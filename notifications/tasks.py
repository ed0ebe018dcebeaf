from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def email_send(self, email_id: int) -> str:
    delivery = services.email_deliver(email_id=email_id, worker_id=self.request.id or "")
    if delivery.outcome == "retry" and not self.request.is_eager:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task(acks_late=True)
def emails_sweep() -> int:
    return services.emails_sweep()
