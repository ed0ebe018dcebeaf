"""List filters of the ideas' changelist."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DaysInStageFilter(admin.SimpleListFilter):
    title = _("waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("7", _("More than a week")), ("30", _("More than a month"))]

    def queryset(self, request, queryset):
        if self.value() in {"7", "30"}:
            cutoff = timezone.now() - timezone.timedelta(days=int(self.value()))
            return queryset.filter(stage_changed_at__lt=cutoff)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The portal's languages as fixed choices: no DISTINCT over every idea per request."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return list(settings.LANGUAGES)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset
