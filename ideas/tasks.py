from celery import shared_task

from . import services


@shared_task(name="ideas.tasks.ideas_anonymise_closed", acks_late=True)
def ideas_anonymise_closed() -> int:
    return services.ideas_anonymise_closed()
