"""List filters of the working groups' changelist."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OverdueFilter(admin.SimpleListFilter):
    title = _("reporting")
    parameter_name = "reporting"

    def lookups(self, request, model_admin):
        return [("overdue", _("Report overdue")), ("due_week", _("Due within a week"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "due_week":
            return queryset.active().filter(
                next_report_due__gte=today, next_report_due__lte=today + timezone.timedelta(days=7)
            )
        return queryset


class SidesFilter(admin.SimpleListFilter):
    title = _("both sides")
    parameter_name = "sides"

    def lookups(self, request, model_admin):
        return [("missing", _("Lacks one side"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(Q(n_business=0) | Q(n_municipal=0))
        return queryset
