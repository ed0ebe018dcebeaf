"""The changelist actions on ideas: start screening, form a working group."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..services import IllegalMove, idea_move
from ..stages import Stage


class IdeaActionsMixin:
    """Actions of IdeaAdmin (its `actions` names them)."""

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
