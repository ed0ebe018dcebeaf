"""Sector names per language (django-modeltranslation; see core/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Sector


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
