from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from core.filters import municipality_chosen, municipality_query

from . import selectors
from .filters import ProjectFilter


class ProjectListView(ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 12
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        self.filterset = ProjectFilter(
            self.request.GET or None, queryset=selectors.projects_public()
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        municipality = municipality_chosen(self.filterset)
        return super().get_context_data(
            filter=self.filterset,
            municipality=municipality,
            municipality_query=municipality_query(municipality),
            **kwargs,
        )


@require_GET
def project_detail(request, slug: str):
    project = selectors.project_public_get(slug=slug)
    if project is None:
        raise Http404
    return render(request, "projects/project_detail.html", {"project": project})


@require_GET
def idea_public_detail(request, pk: int):
    idea = selectors.idea_public_get(pk=pk)
    if idea is None:
        raise Http404
    return render(request, "projects/idea_public.html", {"idea": idea})
