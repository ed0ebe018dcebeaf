from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import AuditEvent, FocusArea, PeriodicRun, SiteSettings


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs are named after their column.

    Django's tabular inline shows a field's label only as the column heading, which is tied
    to nothing, so every input, select and "delete" box in the rows has no accessible name
    (WCAG 1.3.1 and 4.1.2). Each one gets the heading's text as its aria-label.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    widget = field.widget
                    while hasattr(widget, "widget"):  # the admin's wrapper with add/change links
                        widget = widget.widget
                    if not widget.is_hidden and field.label:
                        widget.attrs.setdefault("aria-label", capfirst(field.label))

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (history, audit log, exports): staff read it, nobody adds,
    edits or deletes it in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    fieldsets = [
        (None, {"fields": ["region_name", "portal_name", "intro"]}),
        (_("Business unit"), {"fields": ["business_unit_name", "business_unit_email"]}),
        (
            _("Business pilot"),
            {
                "fields": [
                    "business_pilot_name",
                    "business_pilot_description",
                    "business_pilot_phone",
                    "business_pilot_email",
                    "business_pilot_url",
                    "business_pilot_hours",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:core_sitesettings_change", args=[1]))


@admin.register(FocusArea)
class FocusAreaAdmin(TranslationAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """Read-only: the log of who viewed or exported personal data is never edited."""

    list_display = ["at", "user", "action", "subject", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["subject", "detail", "user__username"]
    date_hierarchy = "at"


@admin.register(PeriodicRun)
class PeriodicRunAdmin(RecordAdmin):
    """When each periodic task last went out, and which beat sent it."""

    list_display = ["name", "period_start", "sent_at", "sent_by"]
