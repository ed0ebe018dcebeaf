from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
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


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
