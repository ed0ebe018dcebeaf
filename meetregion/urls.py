from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from followup import views as followup_views
from staffauth import views as staffauth_views

admin.site.site_header = _("meetregion — business unit")
admin.site.site_title = _("meetregion admin")
admin.site.index_title = _("Screening, matching and follow-up")

urlpatterns = [
    # The admin's index carries the follow-up dashboard; the follow-up pages sit beside it.
    path("admin/", admin.site.admin_view(followup_views.admin_index)),
    path("admin/followup/", include("followup.urls")),
    # After a sign-in through the organisation's provider, logout ends its session too.
    path("admin/logout/", staffauth_views.admin_logout),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("staffauth.urls")),
    path("", include("portal.urls")),
    path("", include("core.urls")),
    path("", include("ideas.urls")),
    path("projects/", include("projects.urls")),
    path("knowledge-bank/", include("knowledgebank.urls")),
    path("search/", include("portal.search_urls")),
    path("api/", include("portal.api_urls")),
    path("resource-bank/", include("resourcebank.urls")),
    path("", include("workgroups.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database that is down answers 503, anything else 500; neither needs the database.
handler500 = "core.errors.server_error"
