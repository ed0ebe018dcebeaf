from django.urls import path

from . import views

app_name = "resourcebank"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("join/", views.MemberJoinView.as_view(), name="join"),
    path("join/sent/", views.JoinSentView.as_view(), name="join_sent"),
    path("confirm/<str:token>/", views.MemberConfirmView.as_view(), name="confirm"),
    path("members/<uuid:public_id>/", views.profile, name="profile"),
    path("members/<uuid:public_id>/certificate/", views.certificate, name="certificate"),
    path("members/<uuid:public_id>/certificate.svg", views.certificate_svg,
         name="certificate_svg"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("sign-in/", views.SignInRequestView.as_view(), name="sign_in"),
    path("sign-in/<str:token>/", views.SignInLinkView.as_view(), name="sign_in_link"),
    path("me/", views.MemberHomeView.as_view(), name="me"),
    path("me/data.json", views.member_data, name="data"),
    path("me/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("me/sign-out/", views.sign_out, name="sign_out"),
]
