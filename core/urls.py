from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("business-pilot/", views.BusinessPilotView.as_view(), name="business_pilot"),
    path("healthz/", views.health, name="health"),
    path("healthz/ping/", views.ping, name="ping"),
    path("language/", views.language_switch, name="language"),
]
