"""Screening moves in the admin: the move page (one stage, a note to the submitter) and the
messages that say what happened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from core.regions import OutOfScope, staff_scope

from ..forms import HandoverForm, MoveForm
from ..services import (
    HandoverError,
    IllegalMove,
    NoteRequired,
    StaleMove,
    idea_handover,
    idea_move,
)
from ..stages import Stage


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


class MoveMixin:
    """`move_view` of IdeaAdmin (its get_urls names it) and who may move."""

    def has_move_permission(self, request):
        return request.user.has_perm("ideas.move_idea")

    def move_view(self, request, pk):
        # Only an idea in this person's municipalities: the admin's scoped queryset.
        idea = get_object_or_404(self.get_queryset(request), pk=pk)
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
            except OutOfScope as error:
                messages.error(request, str(error))
                return redirect(change_url)
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

    def has_handover_permission(self, request):
        return request.user.has_perm("ideas.handover_idea") and staff_scope(request.user).region

    def handover_view(self, request, pk):
        """A coordinator hands the idea to another municipality's business unit."""
        idea = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_handover_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:ideas_idea_change", args=[idea.pk])
        form = HandoverForm(request.POST or None, idea=idea)
        if request.method == "POST" and form.is_valid():
            to = form.cleaned_data["to"]
            try:
                idea_handover(
                    idea=idea,
                    to=to,
                    by=request.user,
                    note=form.cleaned_data["note"],
                    from_municipality=form.cleaned_data["instead_of"],
                )
            except (HandoverError, OutOfScope) as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "%(ref)s is now handled by %(unit)s; the submitter is being told by e-mail."
                    )
                    % {"ref": idea.reference, "unit": to.business_unit_name},
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": idea,
            "idea": idea,
            "form": form,
            "title": gettext("Hand %(ref)s over") % {"ref": idea.reference},
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/ideas/idea/handover.html", context)
