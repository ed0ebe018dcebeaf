from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("ideas/new/", views.IdeaCreateView.as_view(), name="create"),
    path("ideas/track/", views.TrackingRequestView.as_view(), name="tracking_request"),
    path("ideas/track/<str:token>/", views.idea_track, name="track"),
]
