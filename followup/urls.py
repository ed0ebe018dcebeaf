from django.contrib import admin
from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("report/", admin.site.admin_view(views.yearly_report), name="report"),
    path("exports/<int:pk>/", admin.site.admin_view(views.export_job), name="export_job"),
    path(
        "exports/<int:pk>/status/",
        admin.site.admin_view(views.export_job_status),
        name="export_job_status",
    ),
    path(
        "exports/<int:pk>/download/",
        admin.site.admin_view(views.export_job_download),
        name="export_job_download",
    ),
]
