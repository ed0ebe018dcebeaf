"""The admin's lists, drawn with less work per row: the same HTML as Django's, measured
cheaper at 50 rows (bench/NOTES.md).

Django's change list reverses each row's URL once per link column (and, when the list is
filtered, resolves it again to add the filters) and draws each row's checkbox through the form
renderer's template; a list of 50 ideas spent about a third of its CPU on these.
`QuickListMixin` reverses the change URL with its filters once a page and writes the checkbox
with format_html. `municipality_names_attach` names each row's municipalities from one query
of (row, municipality) pairs instead of loading every municipality row again per page.
"""

import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.db.models import ManyToManyField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from .models import Municipality
from .regions import related_to_q

# Stands for a row's key in the change URL reversed once a page.
_KEY = "__key__"


class QuickChangeList(ChangeList):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django adds the list's filters to each row's link as it draws it, resolving the link
        # again for every row and link column (100 URL resolves a filtered page). The links
        # differ only in the key, so the filters go into the reversed link once a page.
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def get_queryset(self, request, exclude_parameters=None):
        # The columns a list never shows (a search vector, a long text), which would be most of
        # a row's bytes: the ModelAdmin's `list_defer`.
        queryset = super().get_queryset(request, exclude_parameters)
        deferred = getattr(self.model_admin, "list_defer", ())
        return queryset.defer(*deferred) if deferred else queryset

    def url_for_result(self, result):
        template = self.__dict__.get("_change_url")
        if template is None:
            template = self._change_url = add_preserved_filters(
                {"preserved_filters": self.row_filters, "opts": self.opts},
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=(_KEY,),
                    current_app=self.model_admin.admin_site.name,
                ),
            )
        return template.replace(_KEY, str(quote(getattr(result, self.pk_attname))), 1)


@functools.cache
def _quick(changelist: type[ChangeList]) -> type[ChangeList]:
    """`changelist` with QuickChangeList's row links: one class per change list, made once."""
    if issubclass(changelist, QuickChangeList):
        return changelist
    return type(changelist.__name__, (QuickChangeList, changelist), {})


class QuickListMixin:
    """For a ModelAdmin whose list staff page through every day (ideas, members, groups)."""

    def get_changelist(self, request, **kwargs):
        return _quick(super().get_changelist(request, **kwargs))

    def action_checkbox(self, obj):
        # What forms.CheckboxInput draws for Django's own action_checkbox, attribute for
        # attribute (tests/core/test_adminlists.py compares the two).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


def municipality_names_attach(rows, field: str = "municipalities") -> None:
    """Gives each row `municipality_names`: the names of its municipalities (the many-to-many
    `field`), in the municipalities' own order and the current language, as
    `[m.name for m in row.<field>.all()]` would give them: two small queries for the page."""
    rows = list(rows)
    if not rows:
        return
    model = type(rows[0])
    relation = model._meta.get_field(field)
    through = relation.remote_field.through
    source = relation.m2m_field_name()
    target = relation.m2m_reverse_field_name()
    # Key → (place in the municipalities' order, name).
    names = Municipality.objects.only("pk", "name")
    known = {m.pk: (index, m.name) for index, m in enumerate(names)}
    pairs: dict[int, list[int]] = {row.pk: [] for row in rows}
    for row_id, municipality_id in through.objects.filter(
        **{f"{source}__in": list(pairs)}
    ).values_list(f"{source}_id", f"{target}_id"):
        pairs[row_id].append(municipality_id)
    for row in rows:
        row.municipality_names = [name for _, name in sorted(map(known.get, pairs[row.pk]))]


def municipality_names(row, field: str = "municipalities") -> list[str]:
    """The names `municipality_names_attach` gave `row`, or read from the relation."""
    names = getattr(row, "municipality_names", None)
    if names is None:
        names = [m.name for m in getattr(row, field).all()]
    return names


class RelatedRowsFilter(admin.SimpleListFilter):
    """ "By <many-to-many field>" on a change list, as Django's own related filter offers it
    (the same title, choices and `<field>__id__exact` parameter), filtering with a subquery of
    the relation's table instead of a join.

    Django joins the relation and, since a join can repeat a row, adds DISTINCT to the count
    and the page: PostgreSQL then sorts every matching row in full (25 ms for one focus area
    of 100,000 ideas). `pk IN (the relation's rows for that value)` repeats nothing, so the
    page needs no DISTINCT and the database walks the list's own index and stops at a page.
    Made for a field by `related_filter`."""

    field: ManyToManyField  # set by `related_filter`

    def lookups(self, request, model_admin):
        return [(str(row.pk), str(row)) for row in self.field.related_model._default_manager.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            # As Django's filter: the list says its filters are wrong (?e=1), not a 500.
            raise IncorrectLookupParameters(value)
        return queryset.filter(related_to_q(self.field, [int(value)]))


def related_filter(model, field_name: str) -> type[RelatedRowsFilter]:
    """The RelatedRowsFilter of `model`'s many-to-many field `field_name`."""
    field = model._meta.get_field(field_name)
    return type(
        f"{field_name.title().replace('_', '')}Filter",
        (RelatedRowsFilter,),
        {
            "field": field,
            "title": field.verbose_name,
            "parameter_name": f"{field_name}__{field.target_field.name}__exact",
        },
    )
