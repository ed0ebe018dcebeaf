"""Working groups in the admin: the list, the change page with its warnings, the extra pages."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import RegionScopedAdmin

from .. import selectors, services
from ..models import Participant, WorkingGroup
from .actions import GroupActionsMixin
from .filters import OverdueFilter, SidesFilter
from .inlines import InvitationInline, ParticipantInline, ReportInline
from .pages import GroupPagesMixin


@admin.register(WorkingGroup)
class WorkingGroupAdmin(GroupPagesMixin, GroupActionsMixin, RegionScopedAdmin):
    list_display = [
        "name",
        "municipalities_list",
        "status",
        "lead_name",
        "process_support",
        "next_report_due",
        "overdue",
        "business_side",
        "municipal_side",
        "is_public",
    ]
    list_filter = ["status", OverdueFilter, SidesFilter, "process_support", "is_public"]
    search_fields = ["name", "lead_name", "lead_email", "ideas__reference", "ideas__title"]
    list_select_related = ["process_support"]
    inlines = [ParticipantInline, InvitationInline, ReportInline]
    filter_horizontal = ["municipalities"]
    readonly_fields = [
        "status",
        "next_report_due",
        "project",
        "created_at",
        "paused_at",
        "completed_at",
        "ideas_list",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["name", "status", "ideas_list", "municipalities", "is_public", "project"]},
        ),
        (
            _("Mandate"),
            {
                "fields": [
                    "goal",
                    "scope",
                    "expected_result",
                    "starts_on",
                    "ends_on",
                    "cadence_days",
                ]
            },
        ),
        (
            _("Leadership and support"),
            {"fields": ["lead_name", "lead_email", "lead_language", "process_support"]},
        ),
        (
            _("Follow-up"),
            {"fields": ["next_report_due", "created_at", "paused_at", "completed_at"]},
        ),
    ]
    actions = ["pause_groups", "revive_groups", "resend_lead_link"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_business=Count(
                    "participants", filter=Q(participants__side=Participant.Side.BUSINESS)
                ),
                n_municipal=Count(
                    "participants", filter=Q(participants__side=Participant.Side.MUNICIPAL)
                ),
            )
        )

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=_("business side"), ordering="n_business")
    def business_side(self, obj):
        return obj.n_business

    @admin.display(description=_("municipal side"), ordering="n_municipal")
    def municipal_side(self, obj):
        return obj.n_municipal

    @admin.display(description=_("ideas"))
    def ideas_list(self, obj):
        return ", ".join(f"{i.reference} {i.title}" for i in obj.ideas.all()) or "—"

    def get_urls(self):
        return [
            path(
                "create/",
                self.admin_site.admin_view(self.create_view),
                name="workgroups_workinggroup_create",
            ),
            path(
                "<int:pk>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="workgroups_workinggroup_invite",
            ),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="workgroups_workinggroup_attachment",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        url = reverse("admin:workgroups_workinggroup_create")
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        group = obj
        if group is not None and request.method == "GET":
            sides = selectors.group_sides(group=group)
            if not sides[Participant.Side.BUSINESS]:
                messages.warning(
                    request,
                    gettext(
                        "This group has no business members yet: a group "
                        "is only fruitful when both sides take part."
                    ),
                )
            missing = selectors.group_municipalities_unstaffed(group=group)
            if sides[Participant.Side.MUNICIPAL] and missing:
                messages.warning(
                    request,
                    gettext(
                        "No one takes part for %(names)s yet: each municipality the group "
                        "works for staffs its municipal side."
                    )
                    % {"names": ", ".join(m.name for m in missing)},
                )
            if not sides[Participant.Side.MUNICIPAL]:
                messages.warning(
                    request,
                    gettext(
                        "This group has no municipal members yet: the "
                        "municipal side must staff its part of the group."
                    ),
                )
            if group.is_overdue:
                messages.warning(
                    request,
                    gettext("The group's report was due on %(date)s.")
                    % {"date": group.next_report_due},
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.group_project_sync(group=form.instance)
