"""The evaluation export in each person's scope (issue 14): inline and as a background job,
whatever the changelist, the selection posted or the job's snapshot says."""

import csv
import io

import pytest

from followup import services
from followup.models import ExportJob
from ideas.models import Idea
from workgroups.models import WorkingGroup

from .test_export_jobs import _export as _start_export
from .test_exports import GROUPS, IDEAS, MEMBERS, _csv, _export

pytestmark = pytest.mark.django_db


def _rows(client, user, url, **kwargs):
    client.force_login(user)
    rows = _csv(_export(client, url, export_format="csv", **kwargs))
    return rows[0], rows[1:]


def _file_rows(body: bytes):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]


def _by_first(rows, column):
    return {row[0]: row[column] for row in rows}


def test_a_municipalitys_staff_export_their_ideas_with_their_municipalities(client, region):
    headers, rows = _rows(client, region["anna"], IDEAS)
    where = headers.index("municipalities concerned")
    assert headers[headers.index("handled by")] == "handled by"
    assert _by_first(rows, where) == {"N-1": "North", "NS-1": "North; South"}


def test_each_municipality_exports_the_shared_idea(client, region):
    _headers, rows = _rows(client, region["bo"], IDEAS)
    assert sorted(row[0] for row in rows) == ["NS-1", "S-1", "S-2"]


def test_a_coordinator_exports_every_idea_the_regions_too(client, region):
    headers, rows = _rows(client, region["cora"], IDEAS)
    where = headers.index("municipalities concerned")
    assert _by_first(rows, where) == {
        "N-1": "North",
        "S-1": "South",
        "S-2": "South",
        "NS-1": "North; South",
        "R-1": "The whole region",
    }


def test_working_groups_are_exported_in_scope_with_their_municipalities(client, region):
    headers, rows = _rows(client, region["anna"], GROUPS)
    assert headers[-1] == "municipalities"
    assert _by_first(rows, -1) == {"North group": "North", "Shared group": "North; South"}
    _headers, rows = _rows(client, region["cora"], GROUPS)
    assert _by_first(rows, -1)["Region group"] == "The whole region" and len(rows) == 4


def test_members_are_exported_as_the_list_shows_them_every_one(client, region):
    # The bank is public and every staff member sees every member; the export carries no
    # contact details, so it is not narrowed (resourcebank.admin keeps those to the
    # member's municipality).
    _headers, by_anna = _rows(client, region["anna"], MEMBERS)
    _headers, by_cora = _rows(client, region["cora"], MEMBERS)
    assert sorted(by_anna) == sorted(by_cora)
    assert sorted(row[3] for row in by_anna) == ["North", "South", "South"]


def test_a_forged_selection_of_another_municipalitys_rows_exports_nothing_of_them(client, region):
    ideas, groups = region["ideas"], region["groups"]
    _headers, rows = _rows(
        client,
        region["anna"],
        IDEAS,
        select_across="0",
        selected=[str(ideas["N"].pk), str(ideas["S"].pk), str(ideas["R"].pk)],
    )
    assert [row[0] for row in rows] == ["N-1"]
    _headers, rows = _rows(
        client,
        region["anna"],
        GROUPS,
        select_across="0",
        selected=[str(groups["south"].pk), str(groups["region"].pk)],
    )
    assert rows == []


def test_a_large_export_snapshots_only_the_rows_in_scope(
    client, region, settings, django_capture_on_commit_callbacks
):
    settings.MEETREGION_EXPORT_INLINE_MAX = 1
    client.force_login(region["anna"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _start_export(client, IDEAS, export_format="csv")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    ideas = region["ideas"]
    assert job.status == ExportJob.Status.DONE and job.total == 2
    download = client.get(f"/admin/followup/exports/{job.pk}/download/")
    assert sorted(row[0] for row in _file_rows(download.content)) == ["N-1", "NS-1"]
    assert ideas["R"].reference not in download.text


def _job(user, queryset):
    return services.export_job_create(
        user=user,
        kind="ideas",
        export_format="csv",
        queryset=queryset,
        start=None,
        end=None,
        language="en",
    )


def _built(job):
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    return sorted(row[0] for row in _file_rows(bytes(job.file)))


def test_a_job_handed_every_row_snapshots_only_the_requesters(region):
    job = _job(region["anna"], Idea.objects.all())
    ideas = region["ideas"]
    assert sorted(job.pks) == sorted([ideas["N"].pk, ideas["NS"].pk])


def test_a_job_whose_snapshot_was_tampered_with_builds_only_the_requesters_rows(region):
    job = _job(region["anna"], Idea.objects.all())
    # Primary keys of every idea slipped into the snapshot (a forged or altered row).
    ExportJob.objects.filter(pk=job.pk).update(
        pks=list(Idea.objects.order_by("pk").values_list("pk", flat=True))
    )
    assert _built(job) == ["N-1", "NS-1"]
    assert job.total == job.rows_done == 2


def test_a_row_handed_to_another_municipality_after_the_snapshot_is_left_out(region):
    job = _job(region["anna"], Idea.objects.all())
    region["ideas"]["N"].municipalities.set([region["south"]])
    assert _built(job) == ["NS-1"]


def test_a_coordinators_job_keeps_every_row(region):
    assert _built(_job(region["cora"], Idea.objects.all())) == [
        "N-1",
        "NS-1",
        "R-1",
        "S-1",
        "S-2",
    ]


def test_a_groups_job_is_built_in_the_requesters_scope(region):
    job = services.export_job_create(
        user=region["bo"],
        kind="groups",
        export_format="csv",
        queryset=WorkingGroup.objects.all(),
        start=None,
        end=None,
        language="en",
    )
    assert _built(job) == ["Shared group", "South group"]
