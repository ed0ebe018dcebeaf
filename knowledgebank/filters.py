import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import MunicipalityFilter
from core.models import FocusArea
from core.search import scored, source_get

from .models import Entry


def _years():
    values = (
        Entry.objects.published()
        .exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(value, str(value)) for value in values]


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.active(),
        empty_label=_("All focus areas"),
    )
    municipality = MunicipalityFilter()
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="year",
        choices=_years,
        empty_label=_("All years"),
    )

    class Meta:
        model = Entry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.SearchInput()
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def filter_q(self, queryset, name, value):
        # Best match first: a title match above a body-only match.
        return scored(source_get("entry"), value, queryset=queryset).order_by("-_score", "-pk")
