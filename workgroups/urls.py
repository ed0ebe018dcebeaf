from django.urls import path

from . import views

app_name = "workgroups"

urlpatterns = [
    path("groups/report/<str:token>/", views.report_progress, name="report"),
    path("groups/report/<str:token>/final/", views.report_final, name="report_final"),
    path("groups/invitations/<str:token>/", views.invitation_answer, name="invitation"),
]
