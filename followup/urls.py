from django.contrib import admin
from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("report/", admin.site.admin_view(views.yearly_report), name="report"),
]
