"""The published criteria, per language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ..models import Criterion


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ["title", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "explanation"]
