from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import PICTURE_INPUTS, LabelledTabularInline, RegionScopedAdmin

from .models import Document, Entry, EntryStatus
from .services import entry_publish, entry_unpublish


class DocumentInline(LabelledTabularInline):
    model = Document
    fields = ["title", "file", "order", "size", "uploaded_at"]
    readonly_fields = ["size", "uploaded_at"]
    extra = 1


@admin.register(Entry)
class EntryAdmin(RegionScopedAdmin):
    formfield_overrides = PICTURE_INPUTS
    list_display = ["title", "municipalities_list", "year", "status", "published_at", "project"]
    list_filter = ["status", "year", "focus_areas"]
    search_fields = ["title", "summary", "results", "lessons", "partners"]
    list_select_related = ["project"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["focus_areas", "municipalities"]
    inlines = [DocumentInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "year",
                    "focus_areas",
                    "municipalities",
                    "project",
                ]
            },
        ),
        (_("What came of it"), {"fields": ["results", "experiences", "lessons", "partners"]}),
        (_("Picture"), {"fields": ["image", "image_alt"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description=_("Publish the selected entries on the portal"))
    def publish(self, request, queryset):
        entries = list(queryset)
        done = sum(entry_publish(entry=entry) for entry in entries)
        skipped = len(entries) - done
        if done:
            messages.success(
                request,
                ngettext("%d entry published.", "%d entries published.", done) % done,
            )
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%d entry was already published.", "%d entries were already published.", skipped
                )
                % skipped,
            )

    @admin.action(description=_("Take the selected entries off the portal (back to draft)"))
    def unpublish(self, request, queryset):
        done = sum(entry_unpublish(entry=entry) for entry in queryset)
        messages.success(
            request,
            ngettext("%d entry is a draft again.", "%d entries are drafts again.", done) % done,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == EntryStatus.PUBLISHED:
            fields.append("slug")
        return fields
