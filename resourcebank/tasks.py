from celery import shared_task

from . import services


@shared_task(name="resourcebank.tasks.members_unconfirmed_delete")
def members_unconfirmed_delete() -> int:
    return services.members_unconfirmed_delete()
