from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Email
from .services import email_retry


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    readonly_fields = [
        "uuid",
        "kind",
        "to",
        "language",
        "subject",
        "body_text",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
        "related",
    ]
    exclude = ["body_html", "claimed_by", "content_type", "object_id", "redact_after_send"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the selected failed e-mails again"), permissions=["change"])
    def retry_failed(self, request, queryset):
        count = sum(email_retry(email=email) for email in queryset)
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request,
                ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count,
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d e-mail was not failed and was left alone.",
                    "%d e-mails were not failed and were left alone.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
            )
