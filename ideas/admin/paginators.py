"""Pagination that stays cheap on the big table of ideas."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class EstimatedCountPaginator(Paginator):
    """Counts exactly, except an unfiltered list of a big table on PostgreSQL: there the
    planner's row estimate (pg_class.reltuples, kept fresh by autovacuum/ANALYZE) stands in
    for a COUNT(*) over every row. Filtered lists are counted exactly."""

    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if (
            hasattr(qs, "query")
            and not qs.query.where
            and not qs.query.distinct
            and connections[qs.db].vendor == "postgresql"
        ):
            with connections[qs.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [qs.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return int(row[0])
        if hasattr(qs, "query") and qs.query.distinct and not qs.query.distinct_fields:
            # A filter across a many-to-many (focus areas) makes the list DISTINCT; distinct
            # rows are distinct keys, and counting keys skips comparing every column.
            return qs.order_by().values("pk").count()
        return super().count

    # From this row on, a page is found through the index first ("deferred join").
    DEFER_FROM = 1_000

    def page(self, number):
        """Deep pages: OFFSET over whole rows reads every row before the page; OFFSET over
        the primary keys alone runs as an index-only scan of the list's order
        (idea_submitted_idx), so the last page costs about what the first does."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs = self.object_list
        if bottom < self.DEFER_FROM or not hasattr(qs, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(qs.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in qs.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
