"""The evaluation export as an admin action on ideas, working groups and members.

Follow-up stands above the apps whose lists it exports, so it is follow-up that puts the
action on their admin pages (`export_actions_attach`, from followup/admin.py), not those apps
that import follow-up.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import TABLES, export_audit, export_response, export_scope, export_selection
from .forms import ExportForm
from .services import export_job_create


def export_action(modeladmin, request, queryset, *, kind: str):
    """An admin action in two steps: choose a format and a period, then download.

    The second step posts back to the same changelist URL (its filters in the query string)
    with the same selection, so the action receives the same queryset again. More rows than
    MEETREGION_EXPORT_INLINE_MAX become an export job and the answer is its status page.
    Whatever the changelist hands over (and whatever was posted), only the rows in the
    person's scope are counted and exported.
    """
    queryset = export_scope(kind=kind, queryset=queryset, user=request.user)
    form = ExportForm(request.POST if "export_format" in request.POST else None)
    if form.is_bound and form.is_valid():
        period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
        selected = export_selection(kind=kind, queryset=queryset, **period).count()
        if selected > settings.MEETREGION_EXPORT_INLINE_MAX:
            # Too many rows to build inside a request (a proxy would time out): a worker
            # builds the file while the status page shows the progress.
            job = export_job_create(
                user=request.user,
                kind=kind,
                export_format=form.cleaned_data["export_format"],
                queryset=queryset,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **period,
            )
            return redirect("followup:export_job", pk=job.pk)
        table = TABLES[kind](queryset=queryset, **period)
        export_audit(
            user=request.user,
            model=modeladmin.model,
            export_format=form.cleaned_data["export_format"],
            rows=queryset.count(),
        )
        return export_response(table=table, export_format=form.cleaned_data["export_format"])
    if form.is_bound:
        messages.error(request, _("Please correct the errors below."))
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Export %(things)s for evaluation") % {"things": opts.verbose_name_plural},
        "form": form,
        "count": queryset.count(),
        "inline_max": settings.MEETREGION_EXPORT_INLINE_MAX,
        "action": request.POST.get("action", ""),
        "select_across": request.POST.get("select_across", "0"),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "post_url": request.get_full_path(),
    }
    return TemplateResponse(request, "followup/export_form.html", context)


def export_action_for(kind: str):
    """The admin action "Export for evaluation" for one kind of list."""

    @admin.action(
        description=gettext_lazy("Export for evaluation (CSV or Excel)"), permissions=["view"]
    )
    def export_for_evaluation(modeladmin, request, queryset):
        return export_action(modeladmin, request, queryset, kind=kind)

    return export_for_evaluation


def export_actions_attach(site: admin.AdminSite) -> None:
    """Add the export to the changelists of every kind in SELECTIONS, after their own actions."""
    from django.apps import apps

    from .exports import SELECTIONS

    for kind, (label, _field, _is_date) in SELECTIONS.items():
        model_admin = site.get_model_admin(apps.get_model(label))
        model_admin.actions = [*(model_admin.actions or []), export_action_for(kind)]
