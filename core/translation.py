"""Per-language columns for the content staff enter (django-modeltranslation).

Each registered field gets one column per language in LANGUAGES (intro_en, intro_sv,
intro_nb); reading `intro` gives the current request language's value and falls back to
the default language (LANGUAGE_CODE) when that one is empty.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import FocusArea, Municipality, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("portal_name", "intro", "business_pilot_description", "business_pilot_hours")


@register(FocusArea)
class FocusAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Municipality)
class MunicipalityTranslationOptions(TranslationOptions):
    fields = (
        "intro",
        "business_unit_name",
        "business_pilot_name",
        "business_pilot_description",
        "business_pilot_hours",
    )
