"""The working group's own admin pages: forming a group from ideas, and inviting people."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core.http import private
from core.regions import OutOfScope, staff_scope
from ideas.models import Idea
from resourcebank.models import Member

from .. import selectors, services
from ..forms import GroupCreateForm, InviteOutsiderForm
from ..models import Invitation
from ..views import attachment_response


class GroupPagesMixin:
    """`create_view`, `invite_view` and `attachment_view` of WorkingGroupAdmin (its get_urls
    names them)."""

    def attachment_view(self, request, pk, attachment_pk):
        """A report attachment, for staff who may read the group's reports."""
        if not request.user.has_perm("workgroups.view_report"):
            raise PermissionDenied
        attachment = selectors.attachment_of_group(group_id=pk, pk=attachment_pk)
        if attachment is None:
            raise Http404
        return private(attachment_response(attachment))

    def create_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {
            "ideas": request.GET.get("ideas", "").split(",") if request.GET.get("ideas") else [],
            "starts_on": timezone.localdate(),
            "process_support": request.user.pk,
            "lead_language": request.LANGUAGE_CODE,
        }
        ideas = staff_scope(request.user).filter(Idea.objects.all())
        chosen = ideas.filter(pk__in=[i for i in initial["ideas"] if i.isdigit()])
        if chosen and len(chosen) == 1:
            initial["name"] = chosen[0].title
        form = GroupCreateForm(request.POST or None, initial=initial, ideas=ideas)
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
            except (services.GroupError, OutOfScope) as error:
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
        group = get_object_or_404(self.get_queryset(request), pk=pk)
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
            "unstaffed": selectors.group_municipalities_unstaffed(group=group),
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
