from celery import shared_task

from . import services


@shared_task(name="followup.tasks.digests_send", acks_late=True)
def digests_send() -> int:
    return services.digests_send()
