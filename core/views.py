from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from ideas.selectors import criteria_published
from knowledgebank.selectors import entries_latest
from projects.selectors import portal_figures, projects_latest


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            criteria=criteria_published(),
            latest_projects=projects_latest(limit=3),
            latest_entries=entries_latest(limit=3),
            figures=portal_figures(),
            **kwargs,
        )


class BusinessPilotView(TemplateView):
    template_name = "core/business_pilot.html"


@require_GET
def language_switch(request):
    """Set the interface language from a plain GET form.

    Django's own view needs a POST with a CSRF check, and private pages are sent with
    `Referrer-Policy: no-referrer`, under which browsers post `Origin: null` and fail that
    check. Choosing a language changes nothing but a cookie, so GET is safe here.
    """
    code = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
