"""Full-text search plumbing shared by every searchable model.

PostgreSQL keeps a weighted `tsvector` per row (title "A" above body "B") in a column with a
GIN index. The text search configuration follows the region's content language
(`LANGUAGE_CODE`), because the stored vectors and the queries must use the same one.
SQLite (the quick start) has no tsvector: the column stays empty and the selectors fall
back to plain `icontains`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models

CONFIGS = {
    "en": "english",
    "sv": "swedish",
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "da": "danish",
    "fi": "finnish",
    "de": "german",
}


def search_config() -> str:
    """The PostgreSQL text search configuration for the portal's content."""
    configured = getattr(settings, "MEETREGION_SEARCH_CONFIG", "")
    if configured:
        return configured
    code = settings.LANGUAGE_CODE.lower().replace("_", "-").split("-")[0]
    return CONFIGS.get(code, "simple")


def is_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def weighted_vector(title_fields, body_fields, config: str | None = None):
    config = config or search_config()
    vector = SearchVector(*title_fields, weight="A", config=config)
    if body_fields:
        vector = vector + SearchVector(*body_fields, weight="B", config=config)
    return vector


class SearchIndexed(models.Model):
    """A model with a stored, weighted search vector kept up to date on save."""

    SEARCH_TITLE_FIELDS: tuple[str, ...] = ("title",)
    SEARCH_BODY_FIELDS: tuple[str, ...] = ()

    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.search_vector_refresh()

    def search_vector_refresh(self) -> None:
        using = self._state.db or "default"
        if is_postgres(using):
            type(self)._default_manager.using(using).filter(pk=self.pk).update(
                search_vector=weighted_vector(self.SEARCH_TITLE_FIELDS, self.SEARCH_BODY_FIELDS)
            )

    @classmethod
    def search_vectors_rebuild(cls, using: str = "default") -> int:
        """Recompute every row, e.g. after a bulk update or a change of LANGUAGE_CODE."""
        if not is_postgres(using):
            return 0
        return cls._default_manager.using(using).update(
            search_vector=weighted_vector(cls.SEARCH_TITLE_FIELDS, cls.SEARCH_BODY_FIELDS)
        )
