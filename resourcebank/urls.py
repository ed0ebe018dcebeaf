from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.security import public_form

from . import views

app_name = "resourcebank"

urlpatterns = [
    path("", views.directory, name="directory"),
    path(
        "join/",
        public_form(scope="member-join", decoy=lambda request: reverse("resourcebank:join_sent"))(
            views.MemberJoinView.as_view()
        ),
        name="join",
    ),
    path("join/sent/", views.JoinSentView.as_view(), name="join_sent"),
    path("confirm/<str:token>/", views.MemberConfirmView.as_view(), name="confirm"),
    path("members/<uuid:public_id>/", views.profile, name="profile"),
    path("members/<uuid:public_id>/certificate/", views.certificate, name="certificate"),
    path("members/<uuid:public_id>/certificate.svg", views.certificate_svg, name="certificate_svg"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path(
        "sign-in/",
        public_form(
            scope="member-sign-in",
            decoy=lambda request: reverse("resourcebank:sign_in"),
            message=_(
                "If that address belongs to a member of the resource bank, we have sent a "
                "sign-in link to it. Check your inbox in a few minutes."
            ),
        )(views.SignInRequestView.as_view()),
        name="sign_in",
    ),
    path("sign-in/<str:token>/", views.SignInLinkView.as_view(), name="sign_in_link"),
    path("me/", views.MemberHomeView.as_view(), name="me"),
    path("me/data.json", views.member_data, name="data"),
    path("me/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("me/sign-out/", views.sign_out, name="sign_out"),
]
