from django.urls import path, reverse

from core.security import public_form

from . import views

app_name = "workgroups"


# Where a bot that filled the honeypot is sent: where a person lands after posting.
def _report(request, token):
    return reverse("workgroups:report", kwargs={"token": token})


def _invitation(request, token):
    return reverse("workgroups:invitation", kwargs={"token": token})


urlpatterns = [
    path(
        "groups/report/<str:token>/",
        public_form(scope="report", decoy=_report)(views.report_progress),
        name="report",
    ),
    path(
        "groups/report/<str:token>/final/",
        public_form(scope="report", decoy=_report)(views.report_final),
        name="report_final",
    ),
    path(
        "groups/report/<str:token>/attachments/<int:pk>/",
        views.report_attachment,
        name="attachment",
    ),
    path(
        "groups/invitations/<str:token>/",
        public_form(scope="invitation", decoy=_invitation)(views.invitation_answer),
        name="invitation",
    ),
]
