"""The inlines of an idea's page: staff's internal notes and the stage history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import InternalNote, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    fields = ["at", "from_stage", "to_stage", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History (every stage change)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row names who moved the idea: one query for all of them.
        return super().get_queryset(request).select_related("by")


class InternalNoteInline(admin.StackedInline):
    model = InternalNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False
    verbose_name_plural = _("Internal notes (never shown to the submitter)")

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")
