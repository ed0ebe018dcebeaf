"""Criteria can be published per language (django-modeltranslation; see core/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("title", "explanation")
