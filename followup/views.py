"""The dashboard on the admin's index page and the printable yearly report."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import charts, selectors
from .forms import PeriodForm, year_bounds

PERMISSION = "followup.view_dashboard"


def _month(day) -> str:
    return date_format(day, "M y")


def dashboard_charts(board: selectors.Dashboard) -> dict:
    months = [_month(m) for m in board.ideas_per_month.months]
    members = {s.key: s for s in board.members_per_month.series}
    return {
        "ideas_per_month": charts.column_chart(
            id="ideas-month",
            title=_("Ideas received per month, by type of organisation"),
            categories=months,
            series=[(str(s.label), s.values) for s in board.ideas_per_month.series],
        ),
        "ideas_per_stage": charts.bar_chart(
            id="ideas-stage",
            title=_("Ideas in each stage now"),
            items=[(str(f.label), f.value) for f in board.ideas_per_stage],
        ),
        "median_days": charts.bar_chart(
            id="median-days",
            title=_("Median days spent in each stage"),
            items=[(str(f.label), f.value) for f in board.median_days],
            unit=" " + _("days"),
            integer=False,
        ),
        "members_per_month": charts.column_chart(
            id="members-month",
            title=_("New resource-bank members per month"),
            categories=[_month(m) for m in board.members_per_month.months],
            series=[(_("new members"), members["new"].values)],
        ),
        "entries_per_year": charts.column_chart(
            id="entries-year",
            title=_("Knowledge-bank entries published per year"),
            categories=[f.label for f in board.entries_per_year],
            series=[(_("entries"), [f.value for f in board.entries_per_year])],
        ),
    }


def admin_index(request, extra_context=None):
    """The admin's own index page, with the dashboard above the list of apps."""
    context = dict(extra_context or {})
    if request.user.has_perm(PERMISSION):
        board = selectors.dashboard()
        context.update(
            dashboard=board,
            charts=dashboard_charts(board),
            can_view_ideas=request.user.has_perm("ideas.view_idea"),
            can_view_groups=request.user.has_perm("workgroups.view_workinggroup"),
            members_rows=list(
                zip(
                    [_month(m) for m in board.members_per_month.months],
                    *(s.values for s in board.members_per_month.series),
                    strict=True,
                )
            ),
            ideas_rows=list(
                zip(
                    [_month(m) for m in board.ideas_per_month.months],
                    *(s.values for s in board.ideas_per_month.series),
                    board.ideas_per_month.totals,
                    strict=True,
                )
            ),
        )
    return admin.site.index(request, extra_context=context)


@require_GET
def yearly_report(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    default_start, default_end = year_bounds(timezone.localdate().year)
    form = PeriodForm(request.GET or None)
    start, end = default_start, default_end
    status = 200
    if form.is_bound:
        if form.is_valid():
            start = form.cleaned_data["start"] or default_start
            end = form.cleaned_data["end"] or default_end
        else:
            status = 400
    else:
        form = PeriodForm(initial={"start": start, "end": end})
    report = selectors.yearly_report(start=start, end=end)
    context = {
        **admin.site.each_context(request),
        "title": _("Report for %(start)s – %(end)s")
        % {"start": date_format(start), "end": date_format(end)},
        "form": form,
        "report": report,
        "type_labels": [f.label for f in report.by_type],
        "can_view_groups": request.user.has_perm("workgroups.view_workinggroup"),
    }
    return TemplateResponse(request, "followup/yearly_report.html", context, status=status)
