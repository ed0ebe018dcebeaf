from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import RecordAdmin, change_panels_context
from core.search import similar_items
from notifications.inlines import EmailInline

from .forms import MoveForm
from .models import Criterion, Idea, InternalNote, StageChange
from .services import IllegalMove, NoteRequired, StaleMove, idea_move
from .stages import Stage, legal_moves


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ["title", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "explanation"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    fields = ["at", "from_stage", "to_stage", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History (every stage change)")

    def has_add_permission(self, request, obj=None):
        return False


class InternalNoteInline(admin.StackedInline):
    model = InternalNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False
    verbose_name_plural = _("Internal notes (never shown to the submitter)")

    def has_change_permission(self, request, obj=None):
        return False


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


class EstimatedCountPaginator(Paginator):
    """Counts exactly, except an unfiltered list of a big table on PostgreSQL: there the
    planner's row estimate (pg_class.reltuples, kept fresh by autovacuum/ANALYZE) stands in
    for a COUNT(*) over every row. Filtered lists are counted exactly."""

    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if (
            hasattr(qs, "query")
            and not qs.query.where
            and not qs.query.distinct
            and connections[qs.db].vendor == "postgresql"
        ):
            with connections[qs.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [qs.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return int(row[0])
        return super().count

    # From this row on, a page is found through the index first ("deferred join").
    DEFER_FROM = 1_000

    def page(self, number):
        """Deep pages: OFFSET over whole rows reads every row before the page; OFFSET over
        the primary keys alone runs as an index-only scan of the list's order
        (idea_submitted_idx), so the last page costs about what the first does."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs = self.object_list
        if bottom < self.DEFER_FROM or not hasattr(qs, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(qs.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in qs.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def _messages_for_move(request, idea, to, result_or_error):
    """Turn the outcome of one move into a message staff can act on."""
    label = Stage(to).label
    if isinstance(result_or_error, IllegalMove):
        messages.error(
            request,
            gettext("%(ref)s cannot move from “%(from)s” to “%(to)s”.")
            % {"ref": idea.reference, "from": Stage(idea.stage).label, "to": label},
        )
    elif isinstance(result_or_error, StaleMove):
        messages.error(
            request,
            gettext(
                "Someone else moved %(ref)s to “%(now)s” while you had it open; your move to "
                "“%(to)s” was not made. Look at the idea again and decide."
            )
            % {"ref": idea.reference, "now": Stage(result_or_error.actual).label, "to": label},
        )
    elif isinstance(result_or_error, NoteRequired):
        messages.error(request, gettext("Declining needs a note to the submitter saying why."))
    elif result_or_error is None:
        messages.info(
            request,
            gettext("%(ref)s is already “%(to)s”; nothing changed.")
            % {"ref": idea.reference, "to": label},
        )
    else:
        messages.success(
            request,
            gettext("%(ref)s moved to “%(to)s”; the submitter is being told by e-mail.")
            % {"ref": idea.reference, "to": label},
        )


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "organisation_name",
        "organisation_type",
        "stage_badge",
        "submitted_at",
        "days_in_stage",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "stage",
        DaysInStageFilter,
        "organisation_type",
        "collaboration_kind",
        "focus_areas",
        "wants_to_take_part",
        "is_public",
        LanguageFilter,
    ]
    search_fields = ["reference", "title", "organisation_name", "contact_name", "email"]
    # No date_hierarchy: it asks for the distinct dates of every idea on each request.
    list_per_page = 50
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    actions = ["start_screening", "form_working_group"]
    inlines = [InternalNoteInline, StageChangeInline, EmailInline]
    readonly_fields = [
        "reference",
        "stage",
        "stage_changed_at",
        "submitted_at",
        "language",
        "accepted_criteria",
        "acknowledged_no_guarantee",
        "revive_on",
    ]
    fieldsets = [
        (_("Stage"), {"fields": ["reference", "stage", "stage_changed_at", "revive_on"]}),
        (
            _("Submitter"),
            {
                "fields": [
                    "organisation_name",
                    "organisation_type",
                    "contact_name",
                    "email",
                    "phone",
                    "language",
                ]
            },
        ),
        (
            _("The idea"),
            {
                "fields": [
                    "title",
                    "description",
                    "collaboration_kind",
                    "focus_areas",
                    "wants_to_take_part",
                    "submitted_at",
                    "accepted_criteria",
                    "acknowledged_no_guarantee",
                    "is_public",
                ]
            },
        ),
        (
            _("Screening checklist"),
            {
                "fields": [
                    "meets_criteria",
                    "scope",
                    "is_realistic",
                    "in_line_with_guidelines",
                    "existing_work",
                    "sectors",
                    "municipality",
                ]
            },
        ),
    ]
    filter_horizontal = ["focus_areas", "sectors"]

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj):
        return format_html(
            '<span class="stage stage-{}">{}</span>', obj.stage, obj.get_stage_display()
        )

    @admin.display(description=_("days in stage"), ordering="stage_changed_at")
    def days_in_stage(self, obj):
        return (timezone.now() - obj.stage_changed_at).days

    def get_urls(self):
        return [
            path(
                "<int:pk>/move/",
                self.admin_site.admin_view(self.move_view),
                name="ideas_idea_move",
            ),
            *super().get_urls(),
        ]

    def has_move_permission(self, request):
        return request.user.has_perm("ideas.move_idea")

    def move_view(self, request, pk):
        idea = get_object_or_404(Idea, pk=pk)
        if not self.has_move_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:ideas_idea_change", args=[idea.pk])
        initial = {"to": request.GET.get("to")}
        form = MoveForm(request.POST or None, idea=idea, initial=initial)
        if request.method == "POST" and form.is_valid():
            to = form.cleaned_data["to"]
            try:
                outcome = idea_move(
                    idea=idea,
                    to=to,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    internal_note=form.cleaned_data["internal_note"],
                    revive_on=form.cleaned_data["revive_on"],
                    expected_stage=form.cleaned_data["from_stage"] or None,
                )
            except (IllegalMove, NoteRequired, StaleMove) as error:
                outcome = error
            _messages_for_move(request, idea, to, outcome)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": idea,
            "idea": idea,
            "form": form,
            "title": gettext("Move %(ref)s") % {"ref": idea.reference},
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/ideas/idea/move.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only when the page is drawn (not on a save that redirects), with the idea the admin
        # already loaded.
        if obj is not None:
            context.update(self._screening_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _screening_context(self, request, idea) -> dict:
        context = {
            # Screening takes stock of what already exists in the area.
            "similar_items": similar_items(
                text=idea.description, title=idea.title, limit=8, exclude=("idea", idea.pk)
            ),
        }
        if self.has_move_permission(request):
            context["legal_moves"] = legal_moves(idea.stage)
        # What other apps show here (the working groups' member suggestions).
        context.update(change_panels_context(request, idea))
        return context

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, InternalNote) and instance.author_id is None:
                instance.author = request.user
            instance.save()
        formset.save_m2m()

    @admin.action(description=_("Start screening the selected ideas"), permissions=["move"])
    def start_screening(self, request, queryset):
        moved = skipped = 0
        for idea in queryset:
            try:
                moved += idea_move(idea=idea, to=Stage.SCREENING, by=request.user) is not None
            except IllegalMove:
                skipped += 1
        if moved:
            messages.success(
                request,
                ngettext("%d idea moved into screening.", "%d ideas moved into screening.", moved)
                % moved,
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%d idea could not move into screening from its stage and was left alone.",
                    "%d ideas could not move into screening from their stage and were left alone.",
                    skipped,
                )
                % skipped,
            )

    @admin.action(description=_("Form a working group from the selected ideas"))
    def form_working_group(self, request, queryset):
        accepted = [
            str(pk) for pk in queryset.filter(stage=Stage.ACCEPTED).values_list("pk", flat=True)
        ]
        if len(accepted) < queryset.count():
            messages.warning(
                request,
                gettext("Only ideas accepted for matching can form a group; others were left out."),
            )
        if not accepted:
            return None
        return redirect(
            reverse("admin:workgroups_workinggroup_create") + "?ideas=" + ",".join(accepted)
        )


@admin.register(StageChange)
class StageChangeAdmin(RecordAdmin):
    list_display = ["idea", "from_stage", "to_stage", "by", "at"]
    list_filter = ["to_stage", "from_stage"]
    search_fields = ["idea__reference", "idea__title", "note"]
    date_hierarchy = "at"
    list_select_related = ["idea", "by"]
