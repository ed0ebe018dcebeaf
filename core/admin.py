from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ChangePanel:
    """A section that one app adds to another app's change page, so that the page's app need
    not import the app above it: the working groups' member suggestions on an accepted idea.

    `context(request, obj)` returns the values the template needs, or None to leave the
    section out for this object.
    """

    template: str
    context: Callable


_PANELS: dict[str, list[ChangePanel]] = defaultdict(list)


def change_panel_register(model_label: str, panel: ChangePanel) -> None:
    """Show `panel` on the change page of `model_label` ("ideas.Idea")."""
    if panel not in _PANELS[model_label]:
        _PANELS[model_label].append(panel)


def change_panels_context(request, obj) -> dict:
    """The registered panels' values for `obj`, and `change_panels`: their templates, in the
    order they were registered, for the change page to include."""
    context: dict = {"change_panels": []}
    for panel in _PANELS[obj._meta.label]:
        values = panel.context(request, obj)
        if values is not None:
            context.update(values)
            context["change_panels"].append(panel.template)
    return context


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
