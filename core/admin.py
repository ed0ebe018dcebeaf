from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import AuditEvent, FocusArea, SiteSettings


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
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log of who viewed or exported personal data is never edited."""

    list_display = ["at", "user", "action", "subject", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["subject", "detail", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
