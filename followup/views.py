"""The dashboard on the admin's index page, the printable yearly report and the status pages
of export jobs."""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.models import Municipality

from . import charts, exports, selectors
from .forms import ReportForm, WhereForm, year_bounds
from .models import ExportJob

PERMISSION = "followup.view_dashboard"


def _month(day) -> str:
    return date_format(day, "M y")


def dashboard_charts(stats: selectors.Statistics) -> dict:
    months = [_month(m) for m in stats.ideas_per_month.months]
    members = {s.key: s for s in stats.members_per_month.series}
    return {
        "ideas_per_month": charts.column_chart(
            id="ideas-month",
            title=_("Ideas received per month, by type of organisation"),
            categories=months,
            series=[(str(s.label), s.values) for s in stats.ideas_per_month.series],
        ),
        "ideas_per_stage": charts.bar_chart(
            id="ideas-stage",
            title=_("Ideas in each stage now"),
            items=[(str(f.label), f.value) for f in stats.ideas_per_stage],
        ),
        "median_days": charts.bar_chart(
            id="median-days",
            title=_("Median days spent in each stage"),
            items=[(str(f.label), f.value) for f in stats.median_days],
            unit=" " + _("days"),
            integer=False,
        ),
        "members_per_month": charts.column_chart(
            id="members-month",
            title=_("New resource-bank members per month"),
            categories=[_month(m) for m in stats.members_per_month.months],
            series=[(_("new members"), members["new"].values)],
        ),
        "entries_per_year": charts.column_chart(
            id="entries-year",
            title=_("Knowledge-bank entries published per year"),
            categories=[f.label for f in stats.entries_per_year],
            series=[(_("entries"), [f.value for f in stats.entries_per_year])],
        ),
    }


def _where(request) -> selectors.Where | None:
    """Whose figures `?municipality=` asks for: refused (403) outside the person's scope, not
    found (404) when it names no municipality of the region."""
    try:
        return selectors.followup_where(user=request.user, choice=request.GET.get("municipality"))
    except Municipality.DoesNotExist:
        raise Http404(_("There is no such municipality.")) from None


def _ideas_list_url(request, where: selectors.Where) -> str:
    """The ideas' list (where the export for evaluation is) for the same municipality."""
    if not request.user.has_perm("ideas.view_idea"):
        return ""
    url = reverse("admin:ideas_idea_changelist")
    return f"{url}?municipality={where.municipality.pk}" if where.municipality else url


def charts_context(statistics: selectors.Statistics) -> dict:
    """What templates/followup/_charts.html draws: the charts and their tables."""
    return {
        "statistics": statistics,
        "charts": dashboard_charts(statistics),
        "members_rows": list(
            zip(
                [_month(m) for m in statistics.members_per_month.months],
                *(s.values for s in statistics.members_per_month.series),
                strict=True,
            )
        ),
        "ideas_rows": list(
            zip(
                [_month(m) for m in statistics.ideas_per_month.months],
                *(s.values for s in statistics.ideas_per_month.series),
                statistics.ideas_per_month.totals,
                strict=True,
            )
        ),
    }


def charts_html(statistics: selectors.Statistics) -> str:
    """The charts and tables, drawn once for each computation of the statistics and each
    language, and kept beside them in the cache: they depend on nothing else (no person, no
    request), and drawing their SVG was a third of the dashboard's CPU."""
    key = f"followup:charts:v1:{get_language()}:{statistics.computation}"
    seconds = settings.MEETREGION_DASHBOARD_CACHE_SECONDS
    html = cache.get(key) if seconds > 0 else None
    if html is None:
        html = render_to_string("followup/_charts.html", charts_context(statistics))
        if seconds > 0:
            cache.set(key, html, seconds)
    # Our own template's output, escaped as it was drawn.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def dashboard_context(request, where: selectors.Where) -> dict:
    board = selectors.dashboard(scope=where.scope, refresh=request.GET.get("refresh") == "1")
    return {
        "dashboard": board,
        "where": where,
        "where_form": WhereForm(initial={"municipality": where.value}, where=where),
        "report_query": where.query(),
        "refresh_query": where.query(refresh=1),
        "ideas_list_url": _ideas_list_url(request, where),
        "charts_html": charts_html(board.statistics),
        "can_view_ideas": request.user.has_perm("ideas.view_idea"),
        "can_view_groups": request.user.has_perm("workgroups.view_workinggroup"),
    }


def admin_index(request, extra_context=None):
    """The admin's own index page, with the dashboard above the list of apps: for the
    municipality chosen (`?municipality=<address name>` or `region`), by default for all of
    the person's own. Someone who may see the dashboard but works for no municipality and not
    for the region is told so instead of being shown zeros."""
    context = dict(extra_context or {})
    if request.user.has_perm(PERMISSION):
        where = _where(request)
        if where is None:
            context["followup_nowhere"] = True
        else:
            context.update(dashboard_context(request, where))
    return admin.site.index(request, extra_context=context)


def _report_period(request, where) -> tuple[ReportForm, date, date, int]:
    """The form, the period it asks for (this year by default) and the status: 400 when the
    period is wrong (this year's report is shown under the errors)."""
    start, end = year_bounds(timezone.localdate().year)
    form = ReportForm(request.GET or None, where=where)
    if not form.is_bound:
        initial = {"start": start, "end": end, "municipality": where.value if where else ""}
        return ReportForm(initial=initial, where=where), start, end, 200
    if not form.is_valid():
        return form, start, end, 400
    return form, form.cleaned_data["start"] or start, form.cleaned_data["end"] or end, 200


@require_GET
def yearly_report(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    where = _where(request)
    form, start, end, status = _report_period(request, where)
    period = {"start": date_format(start), "end": date_format(end)}
    context = {
        **admin.site.each_context(request),
        "title": _("Report for %(where)s, %(start)s – %(end)s") % {"where": where.label, **period}
        if where
        else _("Report for %(start)s – %(end)s") % period,
        "form": form,
        "where": where,
        "can_view_groups": request.user.has_perm("workgroups.view_workinggroup"),
    }
    if where is not None:
        report = selectors.yearly_report(scope=where.scope, start=start, end=end)
        context.update(
            report=report,
            type_labels=[f.label for f in report.by_type],
            ideas_list_url=_ideas_list_url(request, where),
        )
    return TemplateResponse(request, "followup/yearly_report.html", context, status=status)


# --- Export jobs -----------------------------------------------------------------------------
# Only the staff member who asked for an export (or a superuser) sees it; to anyone else it
# does not exist (404), so job numbers reveal nothing.


def _export_job(request, pk: int, *, with_file: bool = False) -> ExportJob:
    jobs = ExportJob.objects.defer("pks") if with_file else ExportJob.objects.defer("pks", "file")
    if not request.user.is_superuser:
        jobs = jobs.filter(requested_by=request.user)
    return get_object_or_404(jobs, pk=pk)


def export_job_state(job: ExportJob, *, now=None) -> dict:
    """What the status page shows, for its first drawing and for each poll of its script."""
    expired = job.is_expired(now)
    download = job.status == ExportJob.Status.DONE and not expired
    if job.status == ExportJob.Status.QUEUED:
        text = _("Waiting for a worker to start the export.")
    elif job.status == ExportJob.Status.RUNNING:
        text = _("The file is being built.")
    elif job.status == ExportJob.Status.FAILED:
        text = _("The export failed.") + " " + job.error
    elif expired:
        text = _("This export has expired; export again.")
    else:
        text = _("The file is ready.")
    rows = ngettext("%(done)s of %(total)s row", "%(done)s of %(total)s rows", job.total) % {
        "done": number_format(job.rows_done, force_grouping=True),
        "total": number_format(job.total, force_grouping=True),
    }
    expires = ""
    if download and job.expires_at:
        expires = _("You can download it until %(when)s") % {
            "when": date_format(timezone.localtime(job.expires_at), "DATETIME_FORMAT")
        }
    return {
        "status": job.status,
        "finished": job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED),
        "rows_done": job.rows_done,
        "total": job.total,
        "percent": job.percent,
        "rows_text": rows,
        "status_text": text,
        "download": download,
        "expires_text": expires,
    }


def _changelist_url(kind: str) -> str:
    opts = apps.get_model(exports.SELECTIONS[kind][0])._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@require_GET
def export_job(request, pk: int):
    job = _export_job(request, pk)
    context = {
        **admin.site.each_context(request),
        "opts": ExportJob._meta,
        "title": _("Export of %(things)s") % {"things": job.get_kind_display()},
        "job": job,
        "state": export_job_state(job),
        "changelist_url": _changelist_url(job.kind),
    }
    return TemplateResponse(request, "followup/export_job.html", context)


@require_GET
def export_job_status(request, pk: int):
    """The status page's script polls this: one small row, read without its file."""
    return JsonResponse(export_job_state(_export_job(request, pk)))


@require_GET
def export_job_download(request, pk: int):
    job = _export_job(request, pk, with_file=True)
    if job.status != ExportJob.Status.DONE:
        return redirect("followup:export_job", pk=job.pk)
    if job.is_expired() or job.file is None:
        context = {
            **admin.site.each_context(request),
            "opts": ExportJob._meta,
            "title": _("This export has expired"),
            "job": job,
            "changelist_url": _changelist_url(job.kind),
        }
        return TemplateResponse(request, "followup/export_job_expired.html", context, status=410)
    exports.export_audit(
        user=request.user,
        model=apps.get_model(exports.SELECTIONS[job.kind][0]),
        export_format=job.export_format,
        rows=job.total,
    )
    return exports.file_response(
        body=bytes(job.file), filename=job.filename, export_format=job.export_format
    )
