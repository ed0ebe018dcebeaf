from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from core.files import shown_inline, stored_file_response
from core.filters import municipality_chosen, municipality_query

from . import selectors
from .filters import EntryFilter


class EntryListView(ListView):
    template_name = "knowledgebank/entry_list.html"
    context_object_name = "entries"
    paginate_by = 12
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        self.filterset = EntryFilter(
            self.request.GET or None, queryset=selectors.entries_published()
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
def entry_detail(request, slug: str):
    entry = selectors.entry_published_get(slug=slug)
    if entry is None:
        raise Http404
    return render(request, "knowledgebank/entry_detail.html", {"entry": entry})


@require_GET
def document_download(request, slug: str, pk: int):
    document = selectors.document_published_get(slug=slug, pk=pk)
    if document is None:
        raise Http404
    return stored_file_response(
        file=document.file,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        as_attachment=not shown_inline(document.file.name),
    )
