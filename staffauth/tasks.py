"""The sweep of staff sessions nobody ended: closed browsers leave their rows behind."""

from celery import shared_task

from . import services


@shared_task(name="staffauth.tasks.staff_sessions_sweep", acks_late=True)
def staff_sessions_sweep() -> int:
    return services.staff_sessions_sweep()
