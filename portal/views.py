from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.search import search_results, sources
from core.seo import absolute_url
from ideas.selectors import criteria_published
from knowledgebank.selectors import entries_latest
from projects.selectors import projects_latest

from .forms import SearchFilterForm
from .selectors import municipalities_listed, municipality_page, portal_charts, portal_figures


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            criteria=criteria_published(),
            latest_projects=projects_latest(limit=3),
            latest_entries=entries_latest(limit=3),
            figures=portal_figures(),
            charts=portal_charts(),
            municipalities=list(municipalities_listed()),
            **kwargs,
        )


@require_GET
def municipality_detail(request, slug: str):
    page = municipality_page(slug=slug)
    if page is None:
        raise Http404
    return render(request, "portal/municipality.html", {"page": page, "m": page.municipality})


SEARCH_PAGE_SIZE = 20


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    form = SearchFilterForm(request.GET)
    municipality = form.cleaned_data["municipality"] if form.is_valid() else None
    results = search_results(
        query=query, kind=request.GET.get("type") or None, municipality=municipality
    )
    page = Paginator(results.ranked, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "form": form,
        "results": results,
        "page_obj": page,
        "hits": results.hits(page.object_list),
        "sources": [(s, results.counts.get(s.key, 0)) for s in sources()],
        "all_count": sum(results.counts.values()),
    }
    return render(request, "portal/search.html", context)


PLACEHOLDER = "PLACEHOLDER"


def _private_prefix(name: str) -> str:
    """The path before a private link's token: /ideas/track/<token>/ -> /ideas/track/."""
    return reverse(name, kwargs={"token": PLACEHOLDER}).split(PLACEHOLDER, 1)[0]


@require_GET
def robots_txt(request):
    """Crawlers may read every public page; private links, the member's own pages, the
    language switch and the admin are off limits (those pages also say noindex)."""
    disallowed = [
        reverse("admin:index"),
        "/staff/",
        reverse("core:language"),
        _private_prefix("ideas:track") + "*/",
        _private_prefix("resourcebank:confirm"),
        _private_prefix("resourcebank:sign_in_link") + "*/",
        reverse("resourcebank:me"),
        _private_prefix("workgroups:report"),
        _private_prefix("workgroups:invitation"),
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    lines += ["", f"Sitemap: {absolute_url(reverse('portal:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
