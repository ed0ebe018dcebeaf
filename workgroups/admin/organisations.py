"""Municipal organisations (departments, boards, municipal companies) and their contacts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline

from ..models import Organisation, OrganisationContact


class OrganisationContactInline(LabelledTabularInline):
    model = OrganisationContact
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "contact_count"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contacts__name", "contacts__email"]
    inlines = [OrganisationContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_contacts=Count("contacts"))

    @admin.display(description=_("contact persons"), ordering="n_contacts")
    def contact_count(self, obj):
        return obj.n_contacts
