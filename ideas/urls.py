from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.security import public_form

from . import views

app_name = "ideas"

urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path(
        "ideas/new/",
        public_form(
            scope="idea",
            decoy=lambda request: reverse("portal:home"),
            message=_("Thank you – your idea has been received."),
        )(views.IdeaCreateView.as_view()),
        name="create",
    ),
    path(
        "ideas/track/",
        public_form(
            scope="tracking",
            decoy=lambda request: reverse("ideas:tracking_request"),
            message=_(
                "If we have ideas from that address, we have sent a new tracking link to it. "
                "Check your inbox in a few minutes."
            ),
        )(views.TrackingRequestView.as_view()),
        name="tracking_request",
    ),
    path("ideas/track/<str:token>/", views.idea_track, name="track"),
]
