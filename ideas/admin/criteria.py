"""The published criteria, per language."""

from django.contrib import admin
from django.db.models import Q
from modeltranslation.admin import TranslationAdmin

from core.admin import municipalities_in_scope
from core.regions import staff_scope

from ..models import Criterion


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    """The region's criteria are the coordinating unit's; a municipality's staff see those
    and keep their municipality's own."""

    list_display = ["title", "municipality", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "municipality"]
    list_select_related = ["municipality"]

    def get_queryset(self, request):
        scope = staff_scope(request.user)
        criteria = super().get_queryset(request)
        if scope.region:
            return criteria
        return criteria.filter(Q(municipality=None) | Q(municipality__in=scope.label_ids))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        scope = staff_scope(request.user)
        return scope.region or obj.municipality_id in scope.municipality_ids

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = municipalities_in_scope(request.user)
            if not staff_scope(request.user).region:
                kwargs["required"] = True  # the region's criteria are not theirs to add
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    search_fields = ["title", "explanation"]
