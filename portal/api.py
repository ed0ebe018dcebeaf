"""Read-only open data: public projects, published knowledge-bank entries and the resource
bank's active members (public fields only: never e-mail or phone) as JSON and CSV.

Field names are a contract: add fields, never rename or remove them. `?municipality=<address
name>` narrows each dataset to the rows of that municipality, as the public lists do; every
row's `municipalities` lists the address names it can be found under.
"""

import csv

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from core.filters import PARAM, municipality_narrow, municipality_param
from knowledgebank.models import Document, Entry
from projects.models import Project
from resourcebank.models import Member

PAGE_SIZE = 100
# The query parameters that narrow a dataset, kept in the links to other pages.
FILTERS = (PARAM,)


def _project_row(request, p: Project) -> dict:
    return {
        "id": p.pk,
        "slug": p.slug,
        "url": request.build_absolute_uri(p.get_absolute_url()),
        "title": p.title,
        "summary": p.summary,
        "goal": p.goal,
        "kind": p.kind,
        "stage": p.status,
        "focus_areas": [area.name for area in p.focus_areas.all()],
        "partners": p.partners,
        # A string since the first version (a contract); the list came with the region.
        "municipality": ", ".join(m.name for m in p.municipalities.all()),
        "start_year": p.start_year,
        "start_date": p.start_date.isoformat() if p.start_date else None,
        "contact_name": p.contact_name,
        "contact_email": p.contact_email,
        "latest_progress": p.progress_text,
        "latest_progress_date": p.progress_date.isoformat() if p.progress_date else None,
        "municipalities": [m.slug for m in p.municipalities.all()],
    }


def _entry_row(request, e: Entry) -> dict:
    return {
        "id": e.pk,
        "slug": e.slug,
        "url": request.build_absolute_uri(e.get_absolute_url()),
        "title": e.title,
        "summary": e.summary,
        "results": e.results,
        "experiences": e.experiences,
        "lessons": e.lessons,
        "partners": e.partner_list,
        "focus_areas": [area.name for area in e.focus_areas.all()],
        "year": e.year,
        "published_at": e.published_at.isoformat() if e.published_at else None,
        "project": e.project.slug if e.project and e.project.is_public else None,
        "documents": [
            {"title": d.title, "url": request.build_absolute_uri(d.get_absolute_url())}
            for d in e.documents.all()
        ],
        "municipalities": [m.slug for m in e.municipalities.all()],
    }


def _member_row(request, m: Member) -> dict:
    return {
        "id": str(m.public_id),
        "url": request.build_absolute_uri(m.get_absolute_url()),
        "name": m.name,
        "role": m.role,
        "company": m.company_name,
        "municipality": m.municipality.name,
        "sectors": [sector.name for sector in m.sectors.all()],
        "focus_areas": [area.name for area in m.focus_areas.all()],
        "scope": m.scope,
        "member_since": m.confirmed_at.date().isoformat() if m.confirmed_at else None,
        "certificate_url": request.build_absolute_uri(m.verify_path())
        if m.certificate_code
        else None,
        "municipalities": [m.municipality.slug],
    }


DATASETS = {
    "members": (
        lambda: (
            Member.objects.active()
            .select_related("municipality")
            .prefetch_related("sectors", "focus_areas")
            .order_by("pk")
        ),
        _member_row,
    ),
    "projects": (
        lambda: (
            Project.objects.public()
            .prefetch_related("focus_areas", "municipalities")
            .order_by("pk")
        ),
        _project_row,
    ),
    "knowledge-bank": (
        lambda: (
            Entry.objects.published()
            .select_related("project")
            .prefetch_related(
                "focus_areas",
                "municipalities",
                Prefetch("documents", queryset=Document.objects.select_related("entry")),
            )
            .order_by("pk")
        ),
        _entry_row,
    ),
}


# The column names, also on an empty page.
FIELDS = {
    "members": [
        "id",
        "url",
        "name",
        "role",
        "company",
        "municipality",
        "sectors",
        "focus_areas",
        "scope",
        "member_since",
        "certificate_url",
        "municipalities",
    ],
    "projects": [
        "id",
        "slug",
        "url",
        "title",
        "summary",
        "goal",
        "kind",
        "stage",
        "focus_areas",
        "partners",
        "municipality",
        "start_year",
        "start_date",
        "contact_name",
        "contact_email",
        "latest_progress",
        "latest_progress_date",
        "municipalities",
    ],
    "knowledge-bank": [
        "id",
        "slug",
        "url",
        "title",
        "summary",
        "results",
        "experiences",
        "lessons",
        "partners",
        "focus_areas",
        "year",
        "published_at",
        "project",
        "documents",
        "municipalities",
    ],
}


class BadFilter(Exception):
    """A filter value that names nothing (answered with 400)."""


def _page(request, dataset: str):
    queryset, row = DATASETS[dataset]
    try:
        municipality = municipality_param(request.GET)
    except ValidationError as error:
        raise BadFilter("no such municipality") from error
    paginator = Paginator(municipality_narrow(queryset(), municipality), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        return paginator, None, []
    return paginator, page, [row(request, obj) for obj in page.object_list]


def _link(request, page_number: int | None) -> str | None:
    """The URL of another page of the same query (its filters kept)."""
    if page_number is None:
        return None
    query = {key: request.GET[key] for key in FILTERS if request.GET.get(key)}
    query["page"] = page_number
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


@require_GET
def dataset_json(request, dataset: str):
    try:
        paginator, page, rows = _page(request, dataset)
    except BadFilter as error:
        return JsonResponse({"error": str(error)}, status=400)
    if page is None:
        return JsonResponse({"error": "no such page"}, status=404)
    return JsonResponse(
        {
            "count": paginator.count,
            "next": _link(request, page.next_page_number() if page.has_next() else None),
            "previous": _link(
                request, page.previous_page_number() if page.has_previous() else None
            ),
            "results": rows,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _cell(value) -> str:
    if isinstance(value, list):
        value = "; ".join(v["url"] if isinstance(v, dict) else str(v) for v in value)
    value = "" if value is None else str(value)
    # A spreadsheet would run a cell that starts like a formula.
    if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        value = "'" + value
    return value


@require_GET
def dataset_csv(request, dataset: str):
    try:
        paginator, page, rows = _page(request, dataset)
    except BadFilter as error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain")
    if page is None:
        return HttpResponse("no such page\n", status=404, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{dataset}-page-{page.number}.csv"'
    links = []
    if page.has_next():
        links.append(f'<{_link(request, page.next_page_number())}>; rel="next"')
    if page.has_previous():
        links.append(f'<{_link(request, page.previous_page_number())}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    response["X-Total-Count"] = str(paginator.count)
    fields = FIELDS[dataset]
    writer = csv.writer(response)
    writer.writerow(fields)
    for r in rows:
        writer.writerow([_cell(r[f]) for f in fields])
    return response
