from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.models import ModelChoiceIterator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline
from core.http import private
from ideas.models import Idea
from resourcebank.models import Member

from . import selectors, services
from .forms import GroupCreateForm, InviteOutsiderForm
from .models import (
    Invitation,
    Organisation,
    OrganisationContact,
    Participant,
    Report,
    WorkingGroup,
)
from .views import attachment_response


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


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "lead_name",
        "process_support",
        "next_report_due",
        "overdue",
        "business_side",
        "municipal_side",
        "is_public",
    ]
    list_filter = ["status", OverdueFilter, SidesFilter, "process_support", "is_public"]
    search_fields = ["name", "lead_name", "lead_email", "ideas__reference", "ideas__title"]
    list_select_related = ["process_support"]
    inlines = [ParticipantInline, InvitationInline, ReportInline]
    readonly_fields = [
        "status",
        "next_report_due",
        "project",
        "created_at",
        "paused_at",
        "completed_at",
        "ideas_list",
    ]
    fieldsets = [
        (None, {"fields": ["name", "status", "ideas_list", "is_public", "project"]}),
        (
            _("Mandate"),
            {
                "fields": [
                    "goal",
                    "scope",
                    "expected_result",
                    "starts_on",
                    "ends_on",
                    "cadence_days",
                ]
            },
        ),
        (
            _("Leadership and support"),
            {"fields": ["lead_name", "lead_email", "lead_language", "process_support"]},
        ),
        (
            _("Follow-up"),
            {"fields": ["next_report_due", "created_at", "paused_at", "completed_at"]},
        ),
    ]
    actions = ["pause_groups", "revive_groups", "resend_lead_link", "export_for_evaluation"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_business=Count(
                    "participants", filter=Q(participants__side=Participant.Side.BUSINESS)
                ),
                n_municipal=Count(
                    "participants", filter=Q(participants__side=Participant.Side.MUNICIPAL)
                ),
            )
        )

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=_("business side"), ordering="n_business")
    def business_side(self, obj):
        return obj.n_business

    @admin.display(description=_("municipal side"), ordering="n_municipal")
    def municipal_side(self, obj):
        return obj.n_municipal

    @admin.display(description=_("ideas"))
    def ideas_list(self, obj):
        return ", ".join(f"{i.reference} {i.title}" for i in obj.ideas.all()) or "—"

    def get_urls(self):
        return [
            path(
                "create/",
                self.admin_site.admin_view(self.create_view),
                name="workgroups_workinggroup_create",
            ),
            path(
                "<int:pk>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="workgroups_workinggroup_invite",
            ),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="workgroups_workinggroup_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk, attachment_pk):
        """A report attachment, for staff who may read the group's reports."""
        if not request.user.has_perm("workgroups.view_report"):
            raise PermissionDenied
        attachment = selectors.attachment_of_group(group_id=pk, pk=attachment_pk)
        if attachment is None:
            raise Http404
        return private(attachment_response(attachment))

    def add_view(self, request, form_url="", extra_context=None):
        url = reverse("admin:workgroups_workinggroup_create")
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    def create_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {
            "ideas": request.GET.get("ideas", "").split(",") if request.GET.get("ideas") else [],
            "starts_on": timezone.localdate(),
            "process_support": request.user.pk,
            "lead_language": request.LANGUAGE_CODE,
        }
        chosen = Idea.objects.filter(pk__in=[i for i in initial["ideas"] if i.isdigit()])
        if chosen and len(chosen) == 1:
            initial["name"] = chosen[0].title
        form = GroupCreateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                group = services.group_create(
                    ideas=data["ideas"],
                    name=data["name"],
                    mandate=services.Mandate(
                        goal=data["goal"],
                        scope=data["scope"],
                        expected_result=data["expected_result"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                        cadence_days=data["cadence_days"],
                    ),
                    lead_name=data["lead_name"],
                    lead_email=data["lead_email"],
                    lead_language=data["lead_language"],
                    process_support=data["process_support"],
                    is_public=data["is_public"],
                    by=request.user,
                )
            except services.GroupError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "The group “%(name)s” is formed. Its ideas are now “in a working group”, "
                        "their submitters and the lead are being told by e-mail. Invite people "
                        "next."
                    )
                    % {"name": group.name},
                )
                return redirect("admin:workgroups_workinggroup_invite", pk=group.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": gettext("Form a working group"),
        }
        return TemplateResponse(request, "admin/workgroups/workinggroup/create.html", context)

    def invite_view(self, request, pk):
        group = get_object_or_404(WorkingGroup, pk=pk)
        if not self.has_change_permission(request, group):
            raise PermissionDenied
        outsider_form = InviteOutsiderForm(
            request.POST if request.POST.get("kind") == "outsider" else None
        )
        if request.method == "POST":
            if request.POST.get("kind") == "members":
                self._invite_members(request, group)
                return redirect(request.get_full_path())
            if outsider_form.is_valid():
                try:
                    services.invitation_create(
                        group=group, by=request.user, **outsider_form.cleaned_data
                    )
                except services.GroupError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        gettext("Invitation sent to %(name)s.")
                        % {"name": outsider_form.cleaned_data["name"]},
                    )
                    return redirect(request.get_full_path())
        ideas = list(group.ideas.all())
        query = request.GET.get("q", "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": group,
            "group": group,
            "title": gettext("Invite people to %(name)s") % {"name": group.name},
            "suggestions_by_idea": [
                (idea, selectors.member_suggestions(idea=idea)) for idea in ideas
            ],
            "query": query,
            "search_results": selectors.members_search(query=query),
            "outsider_form": outsider_form,
            "pending": group.invitations.filter(status=Invitation.Status.PENDING),
            "invited_ids": set(
                group.invitations.filter(
                    status=Invitation.Status.PENDING, member__isnull=False
                ).values_list("member_id", flat=True)
            ),
            "sides": selectors.group_sides(group=group),
            "change_url": reverse("admin:workgroups_workinggroup_change", args=[group.pk]),
        }
        return TemplateResponse(request, "admin/workgroups/workinggroup/invite.html", context)

    def _invite_members(self, request, group):
        members = Member.objects.active().filter(pk__in=request.POST.getlist("member"))
        sent = 0
        for member in members:
            try:
                services.invitation_create(group=group, member=member, by=request.user)
            except services.GroupError as error:
                messages.warning(request, str(error))
            else:
                sent += 1
        if sent:
            messages.success(
                request,
                ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent,
            )
        elif not members:
            messages.warning(request, gettext("Choose at least one member to invite."))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        group = obj
        if group is not None and request.method == "GET":
            sides = selectors.group_sides(group=group)
            if not sides[Participant.Side.BUSINESS]:
                messages.warning(
                    request,
                    gettext(
                        "This group has no business members yet: a group "
                        "is only fruitful when both sides take part."
                    ),
                )
            if not sides[Participant.Side.MUNICIPAL]:
                messages.warning(
                    request,
                    gettext(
                        "This group has no municipal members yet: the "
                        "municipal side must staff its part of the group."
                    ),
                )
            if group.is_overdue:
                messages.warning(
                    request,
                    gettext("The group's report was due on %(date)s.")
                    % {"date": group.next_report_due},
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.group_project_sync(group=form.instance)

    @admin.action(description=_("Pause the selected groups"), permissions=["change"])
    def pause_groups(self, request, queryset):
        done, left = self._switch(queryset, services.group_pause)
        if done:
            messages.success(
                request, ngettext("%(n)d group paused.", "%(n)d groups paused.", done) % {"n": done}
            )
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(n)d group was not active, so it was not paused.",
                    "%(n)d groups were not active, so they were not paused.",
                    left,
                )
                % {"n": left},
            )

    @admin.action(description=_("Revive the selected paused groups"), permissions=["change"])
    def revive_groups(self, request, queryset):
        done, left = self._switch(queryset, services.group_revive)
        if done:
            messages.success(
                request,
                ngettext("%(n)d group revived.", "%(n)d groups revived.", done) % {"n": done},
            )
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(n)d group was not paused, so it was not revived.",
                    "%(n)d groups were not paused, so they were not revived.",
                    left,
                )
                % {"n": left},
            )

    @staticmethod
    def _switch(queryset, service) -> tuple[int, int]:
        done = sum(service(group=group) for group in queryset)
        return done, queryset.count() - done

    @admin.action(description=_("Send the lead a new reporting link"), permissions=["change"])
    def resend_lead_link(self, request, queryset):
        for group in queryset:
            services.lead_link_resend(group=group)
        messages.success(request, gettext("New links are on their way to the leads."))

    @admin.action(description=_("Export for evaluation (CSV or Excel)"), permissions=["view"])
    def export_for_evaluation(self, request, queryset):
        from followup.exports import export_action

        return export_action(self, request, queryset, kind="groups")
