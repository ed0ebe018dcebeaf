from django.urls import path

from . import feeds, views

app_name = "knowledgebank"

urlpatterns = [
    path("", views.EntryListView.as_view(), name="list"),
    path("feed/", feeds.EntryFeed(), name="feed"),
    path("<slug:slug>/", views.entry_detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
]
