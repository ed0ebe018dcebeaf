from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(name="followup.tasks.digests_send", acks_late=True)
def digests_send() -> int:
    return services.digests_send()


@shared_task(
    bind=True,
    name="followup.tasks.export_job_run",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
)
def export_job_run(self, job_id: int) -> str:
    try:
        return services.export_job_run(job_id=job_id, worker_id=self.request.id or "")
    except DatabaseError as error:
        # The job stays claimed by this task id, which the retry keeps. Short countdowns: a
        # retry is held unacknowledged, and must come well before the visibility timeout.
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task(name="followup.tasks.export_jobs_sweep", acks_late=True)
def export_jobs_sweep() -> int:
    return services.export_jobs_sweep()
