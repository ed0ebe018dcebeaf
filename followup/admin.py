"""Export jobs in the admin: each staff member sees their own, a superuser everyone's.

Read-only: a job is made by the export action on a changelist, and its page is the status
page (followup:export_job), where the file is downloaded.
"""

from django.apps import apps
from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin

from .admin_actions import export_actions_attach
from .exports import SELECTIONS
from .models import ExportJob
from .views import export_job_state


def _can_export(user) -> bool:
    """Staff who may open one of the lists with the export action (evaluators may not)."""
    if not (user.is_active and user.is_staff):
        return False
    models = [apps.get_model(label)._meta for label, _field, _is_date in SELECTIONS.values()]
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for opts in models
        for action in ("view", "change")
    )


@admin.register(ExportJob)
class ExportJobAdmin(RecordAdmin):
    list_display = ["status_link", "kind", "export_format", "status", "progress", "created_at"]
    list_display_links = None
    list_filter = ["status", "kind"]
    list_per_page = 50

    def get_queryset(self, request):
        jobs = super().get_queryset(request).defer("file", "pks").select_related("requested_by")
        return jobs if request.user.is_superuser else jobs.filter(requested_by=request.user)

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*self.list_display, "requested_by"]
        return self.list_display

    def has_module_permission(self, request):
        return _can_export(request.user)

    def has_view_permission(self, request, obj=None):
        user = request.user
        if not _can_export(user):
            return False
        return obj is None or user.is_superuser or obj.requested_by_id == user.pk

    # RecordAdmin: no add, change or delete. The sweep empties old files; the rows stay as
    # the history of who exported what.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return redirect("followup:export_job", pk=object_id)

    @admin.display(description=_("export"), ordering="pk")
    def status_link(self, job):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("followup:export_job", kwargs={"pk": job.pk}),
            _("Export %(number)s") % {"number": job.pk},
        )

    @admin.display(description=_("progress"))
    def progress(self, job):
        return export_job_state(job)["rows_text"]


# The evaluation export on the idea, working-group and member lists (their apps' admin modules
# are imported before this one: INSTALLED_APPS order).
export_actions_attach(admin.site)
