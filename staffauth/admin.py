from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import RecordAdmin

from . import services
from .models import ClaimMapping, StaffIdentity, StaffSession


@admin.register(ClaimMapping)
class ClaimMappingAdmin(admin.ModelAdmin):
    list_display = ["claim_value", "role_names", "municipality_names", "is_superuser", "note"]
    list_filter = ["roles", "municipalities", "is_superuser"]
    search_fields = ["claim_value", "note"]
    filter_horizontal = ["roles", "municipalities"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles", "municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())

    @admin.display(description=_("roles"))
    def role_names(self, obj):
        return ", ".join(sorted(group.name for group in obj.roles.all()))


@admin.register(StaffIdentity)
class StaffIdentityAdmin(RecordAdmin):
    list_display = ["user", "issuer", "subject", "last_sign_in_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "claim_values", "created_at", "last_sign_in_at"]


@admin.register(StaffSession)
class StaffSessionAdmin(RecordAdmin):
    """Every open staff session; a superuser ends those of someone who left at once."""

    list_display = ["user", "method", "created_at", "last_seen_at", "address", "user_agent"]
    list_select_related = ["user"]
    list_filter = ["method"]
    search_fields = ["user__username"]
    readonly_fields = list_display
    actions = ["end_sessions"]

    def has_delete_permission(self, request, obj=None):
        # Deleting the row alone would leave the session open; the action ends both.
        return False

    @admin.action(description=_("End the selected sessions"), permissions=["end"])
    def end_sessions(self, request, queryset):
        ended = 0
        for session in queryset.select_related("user"):
            ended += services.staff_sessions_end(user=session.user, pk=session.pk)
        self.message_user(
            request,
            ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
            % {"count": ended},
            messages.SUCCESS,
        )

    def has_end_permission(self, request):
        return request.user.is_superuser
