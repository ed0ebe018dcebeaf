"""The inlines of a working group's page: participants, invitations, reports."""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline
from resourcebank.models import Member

from ..models import Invitation, Participant, Report


class _KnownRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id widget that labels rows from objects loaded once for the whole inline.

    The stock widget looks every row's object up on its own: one query per participant.
    """

    def __init__(self, *args, known=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known if known is not None else {}

    def label_and_url_for_value(self, value):
        obj = self.known.get(str(value))
        if obj is None:
            return super().label_and_url_for_value(value)
        url = reverse(
            f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change",
            args=(obj.pk,),
        )
        return Truncator(obj).words(14), url


class _LoadedChoiceIterator(ModelChoiceIterator):
    """Choices from a list loaded once per page instead of one query per inline row."""

    objects: list = []

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.objects:
            yield self.choice(obj)

    def __len__(self):
        return len(self.objects) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.objects)


class ParticipantInline(LabelledTabularInline):
    model = Participant
    fields = ["side", "name", "email", "affiliation", "organisation", "member", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["member"]
    extra = 0
    verbose_name_plural = _("Participants (both sides must take part)")

    def get_formset(self, request, obj=None, **kwargs):
        # Members and organisations load once per page, not once per participant row.
        request._participant_members = (
            {str(m.pk): m for m in Member.objects.filter(participations__group=obj)}
            if obj is not None
            else {}
        )
        request._organisation_choices = None
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "member":
            field.widget = _KnownRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                known=getattr(request, "_participant_members", {}),
            )
        elif db_field.name == "organisation" and field is not None:
            objects = getattr(request, "_organisation_choices", None)
            if objects is None:
                objects = request._organisation_choices = list(field.queryset)
            field.iterator = type(
                "_OrganisationChoices", (_LoadedChoiceIterator,), {"objects": objects}
            )
        return field


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ["name", "email", "side", "role", "status", "created_at", "expires_at", "responded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Invitations: pending, accepted, declined")

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.StackedInline):
    model = Report
    fields = [
        "kind",
        "filed_at",
        "done",
        "next_steps",
        "blockers",
        "results",
        "experiences",
        "lessons",
        "partners",
        "is_public",
        "attachment_links",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each report's heading names its group: load it with the report, not per row.
        return super().get_queryset(request).select_related("group").prefetch_related("attachments")

    @admin.display(description=_("attachments"))
    def attachment_links(self, report):
        links = [
            (
                reverse(
                    "admin:workgroups_workinggroup_attachment",
                    args=[report.group_id, attachment.pk],
                ),
                attachment.filename,
            )
            for attachment in report.attachments.all()
        ]
        if not links:
            return "—"
        items = format_html_join("", '<li><a href="{}">{}</a></li>', links)
        return format_html('<ul class="mb-0">{}</ul>', items)
