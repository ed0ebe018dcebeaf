"""Large evaluation exports: a job row, a task that builds the file in chunks, a status page.

MEETREGION_EXPORT_INLINE_MAX is 5 here, so a dozen ideas make a "large" export.
"""

import csv
import io
import re
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEvent
from core.roles import EVALUATORS, PROCESS_SUPPORT, SCREENERS, roles_ensure
from followup import services
from followup.models import ExportJob
from followup.tasks import export_job_run, export_jobs_sweep
from ideas.models import Idea
from meetregion.celery import app
from tests.factories import IdeaFactory, MemberFactory, UserFactory
from tests.workers import Worker, wait_for

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Europe/Stockholm")
IDEAS = "/admin/ideas/idea/"
MEMBERS = "/admin/resourcebank/member/"
JOB_URL = re.compile(r"^/admin/followup/exports/(\d+)/$")


@pytest.fixture(autouse=True)
def _low_threshold(settings):
    settings.MEETREGION_EXPORT_INLINE_MAX = 5


@pytest.fixture
def roles(db):
    return roles_ensure()


def _staff(username, roles, *groups):
    user = UserFactory(username=username, is_staff=True)
    for group in groups:
        user.groups.add(roles[group])
    return user


@pytest.fixture
def sara(roles):
    return _staff("sara", roles, SCREENERS)


@pytest.fixture
def pelle(roles):
    return _staff("pelle", roles, SCREENERS, PROCESS_SUPPORT)


@pytest.fixture
def ideas(db):
    """Twelve ideas, one a day from 1 March 2026: I-01 … I-12, half of them in screening."""
    return [
        IdeaFactory(
            reference=f"I-{n:02d}",
            title=f"Idea number {n}",
            stage="screening" if n % 2 else "submitted",
            submitted_at=datetime(2026, 3, n, 9, 0, tzinfo=TZ),
        )
        for n in range(1, 13)
    ]


def _export(client, url, *, export_format, select_across="1", selected=("1",), **period):
    client.post(
        url,
        {
            "action": "export_for_evaluation",
            "index": "0",
            "select_across": select_across,
            "_selected_action": selected,
        },
    )
    data = {
        "action": "export_for_evaluation",
        "select_across": select_across,
        "_selected_action": selected,
        "export_format": export_format,
        **period,
    }
    return client.post(url, data)


def _job_from(response) -> ExportJob:
    assert response.status_code == 302, response.status_code
    match = JOB_URL.match(response["Location"])
    assert match, response["Location"]
    return ExportJob.objects.get(pk=match[1])


def _xlsx(body: bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _csv(body: bytes):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _build(job, **kwargs) -> ExportJob:
    services.export_job_run(job_id=job.pk, **kwargs)
    job.refresh_from_db()
    return job


def _download(client, job):
    return client.get(f"/admin/followup/exports/{job.pk}/download/")


# -- the action ------------------------------------------------------------------------------


def _ideas_job(user, export_format: str):
    """A job for every idea, in English, with no period."""
    return services.export_job_create(
        user=user,
        kind="ideas",
        export_format=export_format,
        queryset=Idea.objects.all(),
        start=None,
        end=None,
        language="en",
    )


def test_a_large_export_becomes_a_queued_job_and_redirects_to_its_page(
    client, sara, ideas, django_capture_on_commit_callbacks
):
    client.force_login(sara)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _export(client, IDEAS, export_format="xlsx")
    job = _job_from(response)
    assert len(callbacks) == 1  # the task is queued only after the row is committed
    assert job.status == ExportJob.Status.QUEUED and job.requested_by == sara
    assert (job.kind, job.export_format, job.total, job.rows_done) == ("ideas", "xlsx", 12, 0)
    assert job.pks == [idea.pk for idea in ideas]  # in the file's order
    assert job.file is None and job.language == "en"
    assert not AuditEvent.objects.exists()  # logged when downloaded

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.text
    assert re.search(r'<progress id="export-progress" max="12" value="0"', html)
    assert "0 of 12 rows" in html and 'aria-live="polite"' in html
    assert "Waiting for a worker to start the export." in html
    assert f'href="/admin/followup/exports/{job.pk}/"' in html  # the Refresh link
    assert "followup/export_job.js" in html and 'http-equiv="refresh"' not in html
    assert f'data-status-url="/admin/followup/exports/{job.pk}/status/"' in html
    # Every script comes from a file (the Content-Security-Policy allows no inline script).
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_the_period_narrows_the_snapshot(client, sara, ideas, django_capture_on_commit_callbacks):
    client.force_login(sara)
    with django_capture_on_commit_callbacks(execute=False):
        response = _export(client, IDEAS, export_format="csv", start="2026-03-03", end="2026-03-10")
    job = _job_from(response)
    assert job.total == 8 and job.pks == [i.pk for i in ideas[2:10]]
    assert (str(job.start), str(job.end)) == ("2026-03-03", "2026-03-10")


def test_small_exports_still_download_at_once(client, sara, ideas):
    client.force_login(sara)
    # Five rows after the changelist filter and the period: not more than the threshold.
    response = _export(
        client,
        IDEAS + "?stage__exact=screening",
        export_format="csv",
        start="2026-03-01",
        end="2026-03-10",
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert [r[0] for r in _csv(response.content)[1:]] == ["I-01", "I-03", "I-05", "I-07", "I-09"]
    assert not ExportJob.objects.exists()


def test_the_form_says_when_the_export_will_run_in_the_background(client, sara, ideas):
    client.force_login(sara)
    page = client.post(
        IDEAS,
        {
            "action": "export_for_evaluation",
            "index": "0",
            "select_across": "1",
            "_selected_action": ["1"],
        },
    )
    assert "more than 5 rows is built in the background" in page.text


# -- building the file ---------------------------------------------------------------------


def test_the_task_builds_an_xlsx_with_the_selected_rows(
    client, sara, ideas, django_capture_on_commit_callbacks
):
    client.force_login(sara)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, IDEAS + "?stage__exact=screening", export_format="xlsx")
    job = _job_from(response)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_done == job.total == 6
    assert job.pks == [] and job.error == ""
    assert job.expires_at == job.finished_at + timedelta(hours=24)

    download = _download(client, job)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in download["Cache-Control"]
    assert re.fullmatch(
        r'attachment; filename="ideas-\d{8}-\d{4}\.xlsx"', download["Content-Disposition"]
    )
    rows = _xlsx(download.content)
    assert rows[0][:3] == ["reference", "title", "stage"]
    assert [r[0] for r in rows[1:]] == ["I-01", "I-03", "I-05", "I-07", "I-09", "I-11"]
    assert {r[2] for r in rows[1:]} == {"In screening"}
    # No personal data, as in the export inside the request.
    text = " ".join(str(v) for row in rows for v in row)
    assert "@example.org" not in text and "Ada Andersson" not in text

    event = AuditEvent.objects.get()
    assert event.user == sara and event.action == AuditEvent.Action.EXPORTED
    assert event.subject == "ideas for evaluation" and event.detail == "xlsx, 6"


def test_a_csv_job_of_members_matches_the_selection(
    client, roles, django_capture_on_commit_callbacks
):
    client.force_login(_staff("maria", roles, SCREENERS))
    members = [MemberFactory() for _ in range(7)]
    MemberFactory(status="pending", confirmed_at=None, certificate_code=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, MEMBERS + "?status__exact=active", export_format="csv")
    job = _job_from(response)
    rows = _csv(_download(client, job).content)
    assert rows[0][:3] == ["member id", "status", "company"]
    assert sorted(r[0] for r in rows[1:]) == sorted(str(m.public_id) for m in members)
    assert "member0@example.org" not in _download(client, job).text


def test_progress_is_written_after_every_chunk(sara, ideas):
    job = _ideas_job(sara, "csv")
    with CaptureQueriesContext(connection) as queries:
        job = _build(job, chunk_size=5)
    progress = [
        int(m[1])
        for q in queries.captured_queries
        if (m := re.search(r'^UPDATE "followup_exportjob" SET "rows_done" = (\d+) ', q["sql"]))
    ]
    assert progress == [5, 10, 12]  # intermediate values, one cheap UPDATE per chunk
    assert job.status == ExportJob.Status.DONE and job.rows_done == job.total == 12
    assert [r[0] for r in _csv(bytes(job.file))[1:]] == [i.reference for i in ideas]


def test_the_page_shows_a_running_job_half_way(client, sara, ideas):
    job = _ideas_job(sara, "xlsx")
    ExportJob.objects.filter(pk=job.pk).update(status="running", rows_done=5)
    client.force_login(sara)
    html = client.get(f"/admin/followup/exports/{job.pk}/").text
    assert re.search(r'<progress id="export-progress" max="12" value="5"', html)
    assert "5 of 12 rows" in html and "The file is being built." in html
    state = client.get(f"/admin/followup/exports/{job.pk}/status/").json()
    assert state["rows_done"] == 5 and state["total"] == 12 and state["percent"] == 41
    assert state["rows_text"] == "5 of 12 rows" and not state["finished"]
    assert not state["download"]


def test_thousands_are_grouped_in_the_progress_text(client, sara):
    job = ExportJob.objects.create(
        requested_by=sara,
        kind="ideas",
        export_format="xlsx",
        language="en",
        status="running",
        total=100_000,
        rows_done=12_000,
    )
    client.force_login(sara)
    assert client.get(f"/admin/followup/exports/{job.pk}/status/").json()["rows_text"] == (
        "12,000 of 100,000 rows"
    )


def test_running_the_task_twice_builds_the_file_once(sara, ideas):
    job = _ideas_job(sara, "xlsx")
    assert export_job_run.delay(job.pk).get() == "done"
    job.refresh_from_db()
    first = (bytes(job.file), job.finished_at, job.attempts)
    assert export_job_run.delay(job.pk).get() == "skipped"
    job.refresh_from_db()
    assert (bytes(job.file), job.finished_at, job.attempts) == first


def test_a_job_another_task_is_building_is_left_to_it(sara, ideas):
    job = _ideas_job(sara, "csv")
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", claimed_by="task-1", started_at=timezone.now(), attempts=1
    )
    assert services.export_job_run(job_id=job.pk, worker_id="task-2") == "skipped"
    # The same task, redelivered after its worker died, takes its job back.
    assert services.export_job_run(job_id=job.pk, worker_id="task-1") == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.rows_done == 12


def test_a_job_that_keeps_dying_fails_with_a_clear_message(sara, ideas):
    job = _ideas_job(sara, "csv")
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", claimed_by="task-1", started_at=timezone.now(), attempts=3
    )
    assert services.export_job_run(job_id=job.pk, worker_id="task-1") == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.file is None
    assert job.error.startswith("The export was started 3 times without finishing.")


def test_a_failed_export_says_why_without_a_stack_trace(
    client, sara, ideas, django_capture_on_commit_callbacks
):
    # A control character cannot be stored in an Excel workbook: a real failure of the build.
    Idea.objects.filter(pk=ideas[3].pk).update(title="Bell \x07 in the title")
    client.force_login(sara)
    with django_capture_on_commit_callbacks(execute=True):
        job = _job_from(_export(client, IDEAS, export_format="xlsx"))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.file is None
    assert "export as CSV instead" in job.error and "Traceback" not in job.error
    page = client.get(f"/admin/followup/exports/{job.pk}/")
    assert "The export failed." in page.text and "export as CSV instead" in page.text
    assert "IllegalCharacterError" not in page.text and "Traceback" not in page.text
    download = _download(client, job)
    assert download.status_code == 302 and download["Location"].endswith(f"/exports/{job.pk}/")
    assert not AuditEvent.objects.exists()


# -- who may see it --------------------------------------------------------------------------


@pytest.fixture
def done_job(sara, ideas):
    job = _ideas_job(sara, "csv")
    return _build(job)


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_other_staff_get_404(client, pelle, done_job, suffix):
    client.force_login(pelle)  # may export ideas too, but did not ask for this one
    assert client.get(f"/admin/followup/exports/{done_job.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_a_superuser_may_open_anyones_export(client, done_job, suffix):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(f"/admin/followup/exports/{done_job.pk}/{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, done_job, suffix):
    response = client.get(f"/admin/followup/exports/{done_job.pk}/{suffix}")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_export_is_404(client, sara):
    client.force_login(sara)
    assert client.get("/admin/followup/exports/999999/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "status/", "download/"])
def test_the_pages_answer_only_get(client, sara, done_job, suffix):
    client.force_login(sara)
    assert client.post(f"/admin/followup/exports/{done_job.pk}/{suffix}").status_code == 405


def test_a_finished_job_offers_its_download(client, sara, done_job):
    client.force_login(sara)
    html = client.get(f"/admin/followup/exports/{done_job.pk}/").text
    assert "12 of 12 rows" in html and "The file is ready." in html
    assert f'href="/admin/followup/exports/{done_job.pk}/download/"' in html
    assert 'data-field="download" hidden' not in html
    assert 'data-field="refresh" hidden' in html and "data-finished" in html
    state = client.get(f"/admin/followup/exports/{done_job.pk}/status/").json()
    assert state["finished"] and state["download"] and state["status"] == "done"


# -- expiry and the sweep ----------------------------------------------------------------------


def test_a_download_after_a_day_is_gone(client, sara, done_job):
    client.force_login(sara)
    with time_machine.travel(done_job.finished_at + timedelta(hours=24, minutes=1)):
        response = _download(client, done_job)
        assert response.status_code == 410
        assert "This export has expired; export again." in response.text
        assert 'href="/admin/ideas/idea/"' in response.text
        page = client.get(f"/admin/followup/exports/{done_job.pk}/").text
        assert "This export has expired; export again." in page
        assert (
            client.get(f"/admin/followup/exports/{done_job.pk}/status/").json()["download"] is False
        )
    assert not AuditEvent.objects.exists()
    assert _download(client, done_job).status_code == 200  # still within the day


def test_the_sweep_empties_expired_files_and_is_safe_twice(client, sara, done_job):
    assert export_jobs_sweep.delay().get() == 0  # not yet expired
    done_job.refresh_from_db()
    assert done_job.file is not None
    with time_machine.travel(done_job.finished_at + timedelta(hours=25)):
        assert export_jobs_sweep.delay().get() == 1
        assert export_jobs_sweep.delay().get() == 0
        client.force_login(sara)
        assert _download(client, done_job).status_code == 410
    done_job.refresh_from_db()
    assert done_job.file is None and done_job.status == "done"


def test_the_sweep_queues_again_a_job_whose_task_was_lost(
    sara, ideas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        job = _ideas_job(sara, "csv")
    services.export_jobs_sweep()
    job.refresh_from_db()
    assert job.status == "queued"  # too young: its task may still be on its way
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        services.export_jobs_sweep()  # tasks run eagerly here
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == 12


def test_the_sweep_is_in_the_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["followup-export-jobs-sweep"]
    assert entry["task"] == export_jobs_sweep.name


# -- the JSON endpoint stays cheap -----------------------------------------------------------------


def test_the_status_endpoint_costs_the_same_few_queries_for_any_size(client, sara, ideas):
    small = ExportJob.objects.create(
        requested_by=sara,
        kind="ideas",
        export_format="csv",
        language="en",
        pks=[1, 2, 3],
        total=3,
    )
    large = ExportJob.objects.create(
        requested_by=sara,
        kind="ideas",
        export_format="csv",
        language="en",
        pks=list(range(100_000)),
        total=100_000,
        status="done",
        rows_done=100_000,
        file=b"x" * 2_000_000,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(sara)
    counts = []
    for job in (small, large, small):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/admin/followup/exports/{job.pk}/status/")
        assert response.status_code == 200 and len(response.content) < 1000
        counts.append(len(queries))
        job_queries = [q["sql"] for q in queries if "followup_exportjob" in q["sql"]]
        # One query for the job, without its file or its snapshot.
        assert len(job_queries) == 1
        assert '"file"' not in job_queries[0] and '"pks"' not in job_queries[0]
    assert counts[0] == counts[1] == counts[2] <= 3  # session, user, job


# -- the admin list ------------------------------------------------------------------------------


def test_staff_see_their_own_exports_in_the_admin(client, sara, pelle, done_job):
    ExportJob.objects.create(
        requested_by=pelle, kind="groups", export_format="xlsx", language="en", total=9
    )
    client.force_login(sara)
    page = client.get("/admin/followup/exportjob/")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [done_job]
    assert f'href="/admin/followup/exports/{done_job.pk}/"' in page.text
    assert "12 of 12 rows" in page.text
    assert client.get("/admin/followup/exportjob/add/").status_code == 403
    change = client.get(f"/admin/followup/exportjob/{done_job.pk}/change/")
    assert change.status_code == 302 and change["Location"].endswith(f"/exports/{done_job.pk}/")

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/followup/exportjob/")
    assert len(page.context["cl"].result_list) == 2


def test_evaluators_have_no_exports_list(client, roles):
    client.force_login(_staff("eva", roles, EVALUATORS))
    assert client.get("/admin/followup/exportjob/").status_code == 403


# -- with a real worker ------------------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    redis.Redis.from_url(django_settings.CELERY_BROKER_URL).flushdb()
    worker = Worker(
        broker=django_settings.CELERY_BROKER_URL,
        smtp_url="memorymail://",
        log=tmp_path / "worker.log",
        settings_module="tests.worker_settings",
        hostname="export-worker",
    )
    try:
        worker.start()
        app.conf.task_always_eager = False
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()
        if worker.log.exists():
            sys.stderr.write(worker.log.read_text()[-4000:])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_export(celery_worker, client, roles):
    ideas = [
        IdeaFactory(reference=f"W-{n:02d}", submitted_at=datetime(2026, 4, n, tzinfo=TZ))
        for n in range(1, 13)
    ]
    client.force_login(_staff("wilma", roles, SCREENERS))
    job = _job_from(_export(client, IDEAS, export_format="xlsx", start="2026-04-02"))
    assert job.total == 11
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
        30,
        "the export job",
    )
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == job.total == 11 and job.claimed_by
    state = client.get(f"/admin/followup/exports/{job.pk}/status/").json()
    assert state["finished"] and state["download"]
    rows = _xlsx(_download(client, job).content)
    assert [r[0] for r in rows[1:]] == [i.reference for i in ideas[1:]]
