"""Municipal organisations (departments, boards, municipal companies) and their contacts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline, MunicipalityListFilter, municipalities_in_scope
from core.regions import staff_scope

from ..models import Organisation, OrganisationContact


class OrganisationContactInline(LabelledTabularInline):
    model = OrganisationContact
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "is_active", "contact_count"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name", "contacts__name", "contacts__email"]
    inlines = [OrganisationContactInline]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MunicipalityListFilter]

    def has_change_permission(self, request, obj=None):
        # Every municipality's organisations can join a group (work across borders), but
        # only their own municipality's staff, or the coordinators, change them.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or staff_scope(request.user).allows(obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = municipalities_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_contacts=Count("contacts"))

    @admin.display(description=_("contact persons"), ordering="n_contacts")
    def contact_count(self, obj):
        return obj.n_contacts
