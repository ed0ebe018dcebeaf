import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import MunicipalityFilter
from core.models import FocusArea

from .models import Member, Sector


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or company"), method="search")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Sector.objects.active(),
        empty_label=_("All sectors"),
        distinct=True,
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.active(),
        empty_label=_("All focus areas"),
        distinct=True,
    )
    # By address name since the region's municipalities got their pages (a number before:
    # the directory turns such old links into new ones).
    municipality = MunicipalityFilter()

    class Meta:
        model = Member
        fields = ["q", "sector", "focus_area", "municipality"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(company_name__icontains=value))
