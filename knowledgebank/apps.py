from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgebankConfig(AppConfig):
    name = "knowledgebank"
    verbose_name = _("Knowledge bank")

    def ready(self):
        from core.caching import public_pages_register
        from core.search import SearchSource, source_register

        from .models import Document, Entry

        public_pages_register(
            views=("knowledgebank:list", "knowledgebank:detail"), models=(Entry, Document)
        )

        source_register(
            SearchSource(
                key="entry",
                order=20,
                label=_("Knowledge bank"),
                label_plural=_("Knowledge bank"),
                queryset=lambda: Entry.objects.published(),
                body_fields=Entry.SEARCH_BODY_FIELDS,
                meta=lambda entry: entry.year or "",
            )
        )
