from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("members.json", api.dataset_json, {"dataset": "members"}, name="members_json"),
    path("members.csv", api.dataset_csv, {"dataset": "members"}, name="members_csv"),
    path("projects.json", api.dataset_json, {"dataset": "projects"}, name="projects_json"),
    path("projects.csv", api.dataset_csv, {"dataset": "projects"}, name="projects_csv"),
    path(
        "knowledge-bank.json",
        api.dataset_json,
        {"dataset": "knowledge-bank"},
        name="entries_json",
    ),
    path(
        "knowledge-bank.csv",
        api.dataset_csv,
        {"dataset": "knowledge-bank"},
        name="entries_csv",
    ),
]
