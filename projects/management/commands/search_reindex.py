from django.core.management.base import BaseCommand

from ideas.models import Idea
from knowledgebank.models import Entry
from projects.models import Project


class Command(BaseCommand):
    help = "Recompute the stored search vectors (after bulk updates or a LANGUAGE_CODE change)."

    def handle(self, *args, **options):
        for model in (Project, Entry, Idea):
            count = model.search_vectors_rebuild()
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} rows reindexed.")
