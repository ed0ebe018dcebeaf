"""Ideas in the admin, where the business unit screens: the list, the change page with what
already exists in the area and what other apps add (change panels)."""

from django.contrib import admin
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityListFilter, change_panels_context
from core.adminlists import (
    QuickListMixin,
    municipality_names,
    municipality_names_attach,
    related_filter,
)
from core.regions import staff_scope
from core.search import similar_items_kept
from notifications.inlines import EmailInline

from ..models import Idea, InternalNote
from ..stages import Stage, is_terminal, legal_moves
from .actions import IdeaActionsMixin
from .filters import DaysInStageFilter, LanguageFilter
from .inlines import InternalNoteInline, StageChangeInline
from .moves import MoveMixin
from .paginators import EstimatedCountPaginator


@admin.register(Idea)
class IdeaAdmin(QuickListMixin, MoveMixin, IdeaActionsMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "organisation_name",
        "organisation_type",
        "municipalities_list",
        "stage_badge",
        "submitted_at",
        "days_in_stage",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "stage",
        MunicipalityListFilter,
        DaysInStageFilter,
        "organisation_type",
        "collaboration_kind",
        related_filter(Idea, "focus_areas"),
        "wants_to_take_part",
        "is_public",
        LanguageFilter,
    ]
    search_fields = ["reference", "title", "organisation_name", "contact_name", "email"]
    # No date_hierarchy: it asks for the distinct dates of every idea on each request.
    list_per_page = 50
    # The list shows neither; the search vector and the description are most of a row's bytes.
    list_defer = ["search_vector", "description"]
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
        "municipalities_list",
        "handled_by",
    ]
    fieldsets = [
        (_("Stage"), {"fields": ["reference", "stage", "stage_changed_at", "revive_on"]}),
        (_("Where"), {"fields": ["municipalities_list", "handled_by"]}),
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
                ]
            },
        ),
    ]
    filter_horizontal = ["focus_areas", "sectors"]

    def get_queryset(self, request):
        return staff_scope(request.user).filter(super().get_queryset(request))

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The list names each idea's municipalities: one query for the page's 50 rows.
        municipality_names_attach(changelist.result_list)
        return changelist

    @admin.display(description=_("municipalities"))
    def municipalities_list(self, obj):
        names = municipality_names(obj)
        return ", ".join(names) if names else gettext("The whole region")

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj):
        return format_html(
            '<span class="stage stage-{}">{}</span>', obj.stage, Stage(obj.stage).label
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
            path(
                "<int:pk>/handover/",
                self.admin_site.admin_view(self.handover_view),
                name="ideas_idea_handover",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only when the page is drawn (not on a save that redirects), with the idea the admin
        # already loaded.
        if obj is not None:
            context.update(self._screening_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _screening_context(self, request, idea) -> dict:
        context = {
            # Screening takes stock of what already exists in the area.
            "similar_items": similar_items_kept(
                text=idea.description, title=idea.title, limit=8, exclude=("idea", idea.pk)
            ),
        }
        if self.has_move_permission(request):
            context["legal_moves"] = legal_moves(idea.stage)
        context["can_handover"] = self.has_handover_permission(request) and not is_terminal(
            idea.stage
        )
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
