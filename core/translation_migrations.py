"""Fill the new per-language columns from the original one when modeltranslation arrives."""

from django.conf import settings
from django.db import migrations
from django.db.models import F


def copy_to_default_language(app_label: str, model_name: str, fields: tuple[str, ...]):
    """A RunPython operation: field -> field_<LANGUAGE_CODE> where that column is empty."""
    language = settings.LANGUAGE_CODE.replace("-", "_")

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for field in fields:
            target = f"{field}_{language}"
            model.objects.filter(**{f"{target}__isnull": True}).update(**{target: F(field)})

    return migrations.RunPython(forwards, migrations.RunPython.noop)
