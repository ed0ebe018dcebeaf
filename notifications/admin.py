from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.regions import scope_related_q, staff_scope

from .models import Email
from .services import email_retry


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outbox. Each staff member sees the e-mails about what they may see (an idea, a
    member, a group of their municipalities); e-mails about nothing in particular (reports to
    the business unit, digests) and the rest are the coordinating unit's."""

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

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        return emails.filter(scope_related_q(staff_scope(request.user)))

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
