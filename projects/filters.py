import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import MunicipalityFilter
from core.models import FocusArea

from .models import Project, ProjectStatus


def _years():
    values = (
        Project.objects.public()
        .exclude(start_year=None)
        .order_by("-start_year")
        .values_list("start_year", flat=True)
        .distinct()
    )
    return [(value, str(value)) for value in values]


class ProjectFilter(django_filters.FilterSet):
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.active(),
        empty_label=_("All focus areas"),
    )
    organisation = django_filters.CharFilter(
        label=_("Organisation"), field_name="organisations", lookup_expr="icontains"
    )
    municipality = MunicipalityFilter()
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        field_name="status",
        choices=ProjectStatus.choices,
        empty_label=_("All stages"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Start year"),
        field_name="start_year",
        choices=_years,
        empty_label=_("All years"),
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"filter-{name}")
