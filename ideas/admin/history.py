"""The stage history of every idea, read-only."""

from django.contrib import admin

from core.admin import RecordAdmin
from core.regions import staff_scope

from ..models import StageChange


@admin.register(StageChange)
class StageChangeAdmin(RecordAdmin):
    def get_queryset(self, request):
        # The history of the ideas this person may see, and only those.
        return staff_scope(request.user).filter(
            super().get_queryset(request), "idea__municipalities"
        )

    list_display = ["idea", "from_stage", "to_stage", "by", "at"]
    list_filter = ["to_stage", "from_stage"]
    search_fields = ["idea__reference", "idea__title", "note"]
    date_hierarchy = "at"
    list_select_related = ["idea", "by"]
