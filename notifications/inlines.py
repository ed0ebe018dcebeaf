"""What the outbox offers other apps' admin pages: the e-mails sent about an object."""

from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from .models import Email


class EmailInline(GenericTabularInline):
    """The messages sent about an object, so staff see at once when one failed."""

    model = Email
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ["subject", "to", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("E-mails to the submitter")

    def has_add_permission(self, request, obj=None):
        return False
