from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("m/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
