from django.urls import path, reverse

from . import accessibility, views
from .security import public_form

app_name = "core"

urlpatterns = [
    path("business-pilot/", views.BusinessPilotView.as_view(), name="business_pilot"),
    path("healthz/", views.health, name="health"),
    path("healthz/ping/", views.ping, name="ping"),
    path("healthz/ready/", views.ready, name="ready"),
    path("language/", views.language_switch, name="language"),
    path("theme/<str:colour>.css", views.theme_css, name="theme"),
    path("pictures/<path:name>", views.public_image, name="image"),
    path(
        "accessibility/",
        public_form(
            scope="accessibility",
            decoy=lambda request: reverse("core:accessibility"),
            message=accessibility.REPORT_THANKS,
        )(accessibility.accessibility_statement),
        name="accessibility",
    ),
]
