from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .adminlists import QuickListMixin, municipality_names, municipality_names_attach
from .models import AuditEvent, FocusArea, Municipality, PeriodicRun, SiteSettings
from .regions import scope_q, staff_scope


class PictureInput(forms.ClearableFileInput):
    """A picture's file input named by a <label> of its own. Django's admin draws a clearable
    file input in a fieldset with a legend, which does not name the input (axe: "label")."""

    use_fieldset = False


# For the admins of models with pictures (core.images): formfield_overrides = PICTURE_INPUTS.
PICTURE_INPUTS = {models.ImageField: {"widget": PictureInput}}


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


class MunicipalityListFilter(admin.SimpleListFilter):
    """ "By municipality" on any list of RegionScoped rows: the municipalities this person
    works for (every one, and "the whole region", for the coordinating unit)."""

    title = _("municipality")
    parameter_name = "municipality"
    REGION = "region"

    def lookups(self, request, model_admin):
        scope = staff_scope(request.user)
        municipalities = Municipality.objects.all()
        if not scope.region:
            municipalities = municipalities.filter(pk__in=scope.label_ids)
        choices = [(str(m.pk), m.name) for m in municipalities]
        if scope.region:
            choices.append((self.REGION, _("The whole region")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.REGION:
            return queryset.exclude(scope_q(queryset.model, Municipality.objects.values("pk")))
        if value and value.isdigit():
            return queryset.filter(scope_q(queryset.model, [int(value)]))
        return queryset


class RegionScopedAdmin(QuickListMixin, admin.ModelAdmin):
    """A ModelAdmin of RegionScoped rows: staff see, change and export only the rows of the
    municipalities they work for; the coordinating unit sees all (core.regions). The lists
    name each row's municipalities (one query a page) and filter by them."""

    region_scope_path: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return staff_scope(request.user).filter(queryset, self.region_scope_path)

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MunicipalityListFilter]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.region_scope_path is None and _is_m2m(self.model, "municipalities"):
            municipality_names_attach(changelist.result_list)
        return changelist

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Municipality:
            kwargs["queryset"] = municipalities_in_scope(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Municipality:
            kwargs["queryset"] = municipalities_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("municipalities"))
    def municipalities_list(self, obj):
        names = municipality_names(obj)
        return ", ".join(names) if names else _("The whole region")


def _is_m2m(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return False


def municipalities_in_scope(user):
    """The municipalities `user` may assign rows to: theirs, or every one for coordinators."""
    scope = staff_scope(user)
    municipalities = Municipality.objects.all()
    return municipalities if scope.region else municipalities.filter(pk__in=scope.label_ids)


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


CONTACT_FIELDSETS = [
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


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    formfield_overrides = PICTURE_INPUTS
    fieldsets = [
        (None, {"fields": ["region_name", "portal_name", "intro"]}),
        (_("Identity"), {"fields": ["primary_colour", "logo", "favicon"]}),
        *CONTACT_FIELDSETS,
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:core_sitesettings_change", args=[1]))


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    """The region's municipalities. Coordinators and superusers manage every one; a
    municipality's own staff may see theirs (core.regions)."""

    list_display = ["name", "slug", "business_unit_email", "staff_count", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "business_unit_name", "business_pilot_name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]
    formfield_overrides = PICTURE_INPUTS
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "is_active", "intro"]}),
        (_("Identity"), {"fields": ["primary_colour", "logo", "image", "image_alt"]}),
        *CONTACT_FIELDSETS,
        (_("Staff"), {"fields": ["staff"]}),
    ]

    def get_queryset(self, request):
        municipalities = super().get_queryset(request).annotate(n_staff=Count("staff"))
        scope = staff_scope(request.user)
        return municipalities if scope.region else municipalities.filter(pk__in=scope.label_ids)

    @admin.display(description=_("staff"), ordering="n_staff")
    def staff_count(self, obj):
        return obj.n_staff

    def get_readonly_fields(self, request, obj=None):
        # Who works where is the coordinating unit's to decide, not a municipality's own.
        if staff_scope(request.user).region:
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), "staff", "slug", "is_active"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(FocusArea)
class FocusAreaAdmin(TranslationAdmin):
    list_display = ["name", "municipality", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "municipality"]
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
