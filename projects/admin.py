from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PICTURE_INPUTS, RegionScopedAdmin

from .models import Project


@admin.register(Project)
class ProjectAdmin(RegionScopedAdmin):
    formfield_overrides = PICTURE_INPUTS
    list_display = [
        "title",
        "kind",
        "status",
        "municipalities_list",
        "start_year",
        "is_public",
        "progress_date",
    ]
    list_filter = ["is_public", "status", "kind", "focus_areas", "start_year"]
    search_fields = [
        "title",
        "summary",
        "goal",
        "organisations",
        "municipalities__name",
        "contact_name",
    ]
    list_editable = ["status", "is_public"]
    filter_horizontal = ["focus_areas", "municipalities"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "is_public"]}),
        (
            _("What it is"),
            {
                "fields": [
                    "summary",
                    "goal",
                    "focus_areas",
                    "organisations",
                    "municipalities",
                    "start_date",
                    "start_year",
                ]
            },
        ),
        (_("Picture"), {"fields": ["image", "image_alt"]}),
        (_("Public contact"), {"fields": ["contact_name", "contact_email"]}),
        (_("Latest public progress"), {"fields": ["progress_text", "progress_date"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
