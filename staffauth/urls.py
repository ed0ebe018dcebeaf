from django.contrib import admin
from django.urls import path

from . import views

app_name = "staffauth"

urlpatterns = [
    path("sign-in/", views.ProviderSignInView.as_view(), name="oidc_authenticate"),
    path("sign-in/callback/", views.ProviderCallbackView.as_view(), name="oidc_callback"),
    path("sessions/", admin.site.admin_view(views.sessions), name="sessions"),
    path("two-factor/", admin.site.admin_view(views.two_factor), name="two_factor"),
    path(
        "two-factor/setup/", admin.site.admin_view(views.two_factor_setup), name="two_factor_setup"
    ),
    path(
        "two-factor/verify/",
        admin.site.admin_view(views.two_factor_verify),
        name="two_factor_verify",
    ),
]
