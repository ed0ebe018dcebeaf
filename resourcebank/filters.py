import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import FocusArea, Municipality

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
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        empty_label=_("All municipalities"),
    )

    class Meta:
        model = Member
        fields = ["q", "sector", "focus_area", "municipality"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(company_name__icontains=value))
