from django.apps import apps
from django.core.management.base import BaseCommand

from core.textsearch import SearchIndexed


class Command(BaseCommand):
    help = "Recompute the stored search vectors (after bulk updates or a LANGUAGE_CODE change)."

    def handle(self, *args, **options):
        # Every model with a stored vector, whichever app it belongs to.
        for model in apps.get_models():
            if issubclass(model, SearchIndexed):
                count = model.search_vectors_rebuild()
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count} rows reindexed.")
