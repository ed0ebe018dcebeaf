from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.adminlists import QuickListMixin, related_filter
from core.audit import audit_record
from core.models import AuditEvent
from core.regions import scope_q, staff_scope
from notifications.inlines import EmailInline

from . import selectors, services
from .csvio import member_csv_rows_for_import, members_csv_export, members_csv_parse
from .forms import CsvUploadForm
from .models import Member, Sector

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A constant with no data in it, so marking it safe is safe.
BR = mark_safe("<br>")  # nosec B308


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


CONTACT_FIELDS = ("email", "phone")


@admin.register(Member)
class MemberAdmin(QuickListMixin, admin.ModelAdmin):
    """The bank is public, so every staff member sees every member; a member's contact
    details (e-mail, phone, the e-mails sent to them) are for the staff of the member's
    municipality and the region's coordinators (core.regions)."""

    list_display = [
        "__str__",
        "role",
        "municipality",
        "status",
        "scope",
        "registered_at",
        "confirmed_at",
    ]
    list_filter = [
        "status",
        "scope",
        "municipality",
        related_filter(Member, "sectors"),
        related_filter(Member, "focus_areas"),
        # Not a date hierarchy: its bar asks for the distinct dates of every member on each
        # request (17 ms of 20,000); these choices ask for nothing.
        ("registered_at", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "company_name", "email", "organisation_number", "role"]
    list_per_page = 50
    list_defer = ["search_vector"]
    # "N results (Show all)" when filtered, as the idea list: no second count of every member.
    show_full_result_count = False
    list_select_related = ["municipality"]
    actions = ["export_csv"]
    change_list_template = "resourcebank/admin/member_change_list.html"
    inlines = [EmailInline]
    filter_horizontal = ["sectors", "focus_areas"]
    autocomplete_fields = ["idea"]
    readonly_fields = [
        "status",
        "public_id",
        "certificate_code",
        "language",
        "consent_at",
        "consent_version",
        "consent_text",
        "registered_at",
        "confirmed_at",
        "withdrawn_at",
        "ideas_display",
        "working_groups_display",
        "contact_withheld",
    ]
    fieldsets = [
        (
            _("Membership"),
            {
                "fields": [
                    "status",
                    "registered_at",
                    "confirmed_at",
                    "withdrawn_at",
                    "consent_at",
                    "consent_version",
                    "consent_text",
                    "certificate_code",
                    "public_id",
                    "language",
                ]
            },
        ),
        (
            _("Person and company"),
            {
                "fields": [
                    "name",
                    "role",
                    "company_name",
                    "organisation_number",
                    "email",
                    "phone",
                    "municipality",
                ]
            },
        ),
        (_("Interests"), {"fields": ["scope", "sectors", "focus_areas", "idea"]}),
        (_("Ideas and working groups"), {"fields": ["ideas_display", "working_groups_display"]}),
    ]

    def _contact_allowed(self, request, obj) -> bool:
        return obj is None or staff_scope(request.user).allows(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._contact_allowed(request, obj):
            return fieldsets
        withheld = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in CONTACT_FIELDS]
            if len(fields) != len(options["fields"]):
                fields.append("contact_withheld")
            withheld.append((name, {**options, "fields": fields}))
        return withheld

    def get_inlines(self, request, obj):
        return self.inlines if self._contact_allowed(request, obj) else []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._contact_allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._contact_allowed(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """Searching by e-mail, phone or organisation number finds only the members whose
        contact details this person may see."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        scope = staff_scope(request.user)
        if search_term and not scope.region:
            by_name = Q(name__icontains=search_term) | Q(company_name__icontains=search_term)
            by_name |= Q(role__icontains=search_term)
            results = results.filter(by_name | scope_q(Member, scope.municipality_ids))
        return results, duplicates

    @admin.display(description=_("contact details"))
    def contact_withheld(self, obj):
        return gettext("Shown to the staff of %(municipality)s and the region's coordinators.") % {
            "municipality": obj.municipality
        }

    @admin.display(description=_("ideas"))
    def ideas_display(self, obj):
        ideas = selectors.member_ideas(member=obj) if obj and obj.pk else []
        if not ideas:
            return "-"
        return format_html_join(
            BR,
            '<a href="{}">{} {}</a>',
            (
                (reverse("admin:ideas_idea_change", args=[i.pk]), i.reference, i.title)
                for i in ideas
            ),
        )

    @admin.display(description=_("working groups"))
    def working_groups_display(self, obj):
        groups = selectors.member_working_groups(member=obj) if obj and obj.pk else []
        if not groups:
            return gettext("None yet.")
        return format_html_join(BR, "{}", ((str(g),) for g in groups))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            member = response.context_data.get("original")
            if not self._contact_allowed(request, member):
                return response
            audit_record(
                user=request.user,
                action=AuditEvent.Action.VIEWED,
                subject=gettext("Member #%(pk)s") % {"pk": member.pk},
                detail=gettext("change page (contact details)"),
            )
        return response

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="resourcebank_member_import",
            ),
        ]
        return custom + super().get_urls()

    @admin.action(description=_("Export the selected members as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        scope = staff_scope(request.user)
        allowed = scope.filter(queryset)
        left_out = queryset.count() - allowed.count() if not scope.region else 0
        if left_out:
            messages.warning(
                request,
                ngettext(
                    "%d member of another municipality was left out: their contact details "
                    "are for their own municipality's staff.",
                    "%d members of other municipalities were left out: their contact details "
                    "are for their own municipality's staff.",
                    left_out,
                )
                % left_out,
            )
        queryset = allowed
        audit_record(
            user=request.user,
            action=AuditEvent.Action.EXPORTED,
            subject=gettext("Members (CSV with contact details)"),
            detail=gettext("%(count)s members") % {"count": queryset.count()},
        )
        response = HttpResponse(
            members_csv_export(members=queryset), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
        return response

    def import_view(self, request):
        """Upload → preview with every row's errors → confirm. Nothing is saved before the
        confirmation, and then only the rows without errors."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import members from CSV"),
        }
        if request.method == "POST" and "csv_text" in request.POST:
            rows, file_errors = members_csv_parse(text=request.POST["csv_text"])
            ready = member_csv_rows_for_import(rows) if not file_errors else []
            if not ready:
                messages.error(request, gettext("There was nothing to import."))
                return redirect("admin:resourcebank_member_import")
            try:
                services.members_import(rows=ready, language=get_language())
            except IntegrityError:
                messages.error(
                    request,
                    gettext(
                        "Someone joined with one of these addresses meanwhile; nothing was "
                        "imported. Upload the file again to see which."
                    ),
                )
                return redirect("admin:resourcebank_member_import")
            messages.success(
                request,
                ngettext(
                    "%d member imported; they get an e-mail to confirm their membership.",
                    "%d members imported; they get an e-mail to confirm their membership.",
                    len(ready),
                )
                % len(ready),
            )
            return redirect("admin:resourcebank_member_changelist")
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text = self._read(form)
            if text is not None:
                rows, file_errors = members_csv_parse(text=text)
                context.update(
                    rows=rows,
                    file_errors=file_errors,
                    csv_text=text,
                    ok_count=sum(r.ok for r in rows),
                    error_count=sum(not r.ok for r in rows),
                )
                return TemplateResponse(request, "resourcebank/admin/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "resourcebank/admin/import_upload.html", context)

    @staticmethod
    def _read(form) -> str | None:
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", gettext("The file is too large (at most 2 MB)."))
            return None
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", gettext("The file is not UTF-8 text. Save it as CSV UTF-8."))
            return None
