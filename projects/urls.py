from django.urls import path

from . import feeds, views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("feed/", feeds.ProjectFeed(), name="feed"),
    path("ideas/<int:pk>/", views.idea_public_detail, name="idea_detail"),
    path("<slug:slug>/", views.project_detail, name="detail"),
]
