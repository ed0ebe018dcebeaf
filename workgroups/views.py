from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.files import shown_inline, stored_file_response
from core.http import private

from . import selectors, services
from .forms import FinalReportForm, ProgressReportForm
from .models import Invitation, WorkingGroup


def _lead_group(token: str) -> WorkingGroup:
    group = services.lead_link_resolve(token=token)
    if group is None:
        raise Http404
    return group


@never_cache
@require_http_methods(["GET", "POST"])
def report_progress(request, token: str):
    group = _lead_group(token)
    form = ProgressReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_file(group=group, **form.cleaned_data)
            except services.GroupError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Thank you – your report has been filed."))
            return redirect("workgroups:report", token=token)
        status = 400
    context = {
        "group": group,
        "form": form,
        "reports": group.reports.prefetch_related("attachments")[:10],
        "token": token,
    }
    return private(render(request, "workgroups/report_form.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def report_final(request, token: str):
    group = _lead_group(token)
    if group.status == WorkingGroup.Status.COMPLETED:
        return redirect("workgroups:report", token=token)
    form = FinalReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.group_complete(
                    group=group,
                    results=data["results"],
                    experiences=data["experiences"],
                    lessons=data["lessons"],
                    partners=data["partners"],
                    attachments=data["attachments"],
                )
            except services.GroupError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you – the final report is filed and the group is closed. The "
                        "business unit will publish what you achieved in the knowledge bank."
                    ),
                )
            return redirect("workgroups:report", token=token)
        status = 400
    context = {"group": group, "form": form, "token": token}
    return private(render(request, "workgroups/report_final.html", context, status=status))


@never_cache
@require_GET
def report_attachment(request, token: str, pk: int):
    """An attachment of the group's reports, for the holder of the lead's link."""
    group = _lead_group(token)
    attachment = selectors.attachment_of_group(group_id=group.pk, pk=pk)
    if attachment is None:
        raise Http404
    return private(attachment_response(attachment))


def attachment_response(attachment):
    return stored_file_response(
        file=attachment.file,
        filename=attachment.filename,
        as_attachment=not shown_inline(attachment.filename),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_answer(request, token: str):
    """GET shows the question (mail scanners follow links; they must not answer for anyone);
    POST records the answer, once."""
    invitation = services.invitation_peek(token=token)
    if invitation is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in {"accept", "decline"}:
            messages.error(request, _("Please choose whether to accept or decline."))
        else:
            try:
                invitation = services.invitation_respond(token=token, accept=answer == "accept")
            except services.GroupError as error:
                messages.error(request, str(error))
            else:
                if invitation.status == Invitation.Status.ACCEPTED:
                    messages.success(request, _("Welcome to the group! The lead will be in touch."))
                else:
                    messages.info(request, _("Thank you for letting us know."))
        return redirect("workgroups:invitation", token=token)
    context = {
        "invitation": invitation,
        "group": invitation.group,
        "preselected": request.GET.get("answer"),
    }
    return private(render(request, "workgroups/invitation.html", context))
