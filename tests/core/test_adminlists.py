"""The admin's quicker lists (core.adminlists) draw what Django's own list draws: the same
checkbox, the same row links, the same municipality names in the same order and language."""

import pytest
from django.contrib import admin
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from core.adminlists import QuickChangeList, QuickListMixin, municipality_names_attach
from ideas.models import Idea
from projects.models import Project
from resourcebank.models import Member

from ..factories import (
    FocusAreaFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    ProjectFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    # Their order (then name) is the municipalities' own order; neither follows the keys.
    return [
        MunicipalityFactory(name="Östervik", order=2),
        MunicipalityFactory(name="Aby", order=1),
        MunicipalityFactory(name="Northvik", order=1),
    ]


def _changelist(model, user, query=None):
    path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = RequestFactory().get(path, query or {})
    request.resolver_match = resolve(path)  # the list's links keep its filters
    request.user = user
    return admin.site._registry[model].get_changelist_instance(request)


def _rows(changelist) -> list[str]:
    """Each row as the list draws it (checkbox, links with their filters, columns)."""
    return ["".join(items_for_result(changelist, row, None)) for row in changelist.result_list]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_checkbox_is_djangos_checkbox(language):
    idea = IdeaFactory(title='Solar <b>roofs</b> & "shade"')
    model_admin = admin.site._registry[Idea]
    with translation.override(language):
        assert model_admin.action_checkbox(idea) == admin.ModelAdmin.action_checkbox(
            model_admin, idea
        )


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"stage__exact": "submitted"},
        # A search for the placeholder of the key, and one that needs quoting.
        {"q": "__key__", "o": "2"},
        {"q": "Sö & ?x=1", "stage__exact": "submitted"},
    ],
)
def test_the_rows_are_djangos_rows(admin_user, monkeypatch, query):
    IdeaFactory.create_batch(3, title="__key__ Sö & ?x=1", stage="submitted")
    quick = _changelist(Idea, admin_user, query)
    assert isinstance(quick, QuickChangeList)
    ours = _rows(quick)
    monkeypatch.setattr(QuickListMixin, "get_changelist", lambda self, request, **kw: ChangeList)
    django = _changelist(Idea, admin_user, query)
    assert type(django) is ChangeList
    assert len(ours) == 3
    assert ours == _rows(django)
    if query:
        assert "_changelist_filters=" in ours[0]


@pytest.mark.parametrize("model, factory", [(Idea, IdeaFactory), (Project, ProjectFactory)])
def test_municipality_names_are_the_relations_names(towns, model, factory):
    rows = [factory() for _ in range(4)]
    rows[0].municipalities.set([])
    rows[1].municipalities.set(towns[:1])
    rows[2].municipalities.set(towns)
    rows[3].municipalities.set(towns[1:])
    loaded = list(model.objects.order_by("pk"))
    municipality_names_attach(loaded)
    expected = [[m.name for m in row.municipalities.all()] for row in loaded]
    assert [row.municipality_names for row in loaded] == expected
    assert expected[0] == [] and expected[2] == ["Aby", "Northvik", "Östervik"]


def test_the_idea_list_names_the_municipalities(client, admin_user, towns):
    idea = IdeaFactory(title="Harbour walk")
    idea.municipalities.set(towns)
    IdeaFactory(title="Everywhere at once")
    client.force_login(admin_user)
    page = client.get("/admin/ideas/idea/").text
    assert "Aby, Northvik, Östervik" in page
    assert "The whole region" in page
    assert f'href="/admin/ideas/idea/{idea.pk}/change/' in page
    assert f'name="_selected_action" value="{idea.pk}" class="action-select"' in page


# ------------------------------------------------- filters by a relation, without DISTINCT


def _django_join_filter(model, field_name, user, value):
    """The rows and choices Django's own related filter gives for `value`."""
    request = RequestFactory().get("/admin/", {f"{field_name}__id__exact": value})
    request.user = user
    model_admin = admin.site._registry[model]
    field = model._meta.get_field(field_name)
    spec = RelatedFieldListFilter(
        field,
        request,
        {f"{field_name}__id__exact": [str(value)]},
        model,
        model_admin,
        field_path=field_name,
    )
    rows = spec.queryset(request, model_admin.get_queryset(request)).distinct()
    return sorted(rows.values_list("pk", flat=True)), spec


@pytest.mark.parametrize(
    "model, field_name, factory, related",
    [
        (Idea, "focus_areas", IdeaFactory, FocusAreaFactory),
        (Member, "sectors", MemberFactory, SectorFactory),
        (Member, "focus_areas", MemberFactory, FocusAreaFactory),
    ],
)
def test_the_relation_filter_gives_djangos_rows_and_choices(
    admin_user, model, field_name, factory, related
):
    values = [related(name=f"{field_name} {n}") for n in range(3)]
    rows = [factory() for _ in range(5)]
    getattr(rows[0], field_name).set(values)  # in every one: must be listed once
    getattr(rows[1], field_name).set(values[:1])
    getattr(rows[2], field_name).set(values[1:])
    model_admin = admin.site._registry[model]
    ours = next(
        f
        for f in model_admin.list_filter
        if isinstance(f, type) and getattr(f, "field", None) == model._meta.get_field(field_name)
    )
    for value in values:
        request = RequestFactory().get("/admin/")
        request.user = admin_user
        params = {f"{field_name}__id__exact": [str(value.pk)]}
        spec = ours(request, dict(params), model, model_admin)
        theirs, django_spec = _django_join_filter(model, field_name, admin_user, value.pk)
        mine = list(spec.queryset(request, model_admin.get_queryset(request)))
        assert sorted(row.pk for row in mine) == theirs
        assert len(mine) == len(set(mine))
        assert str(spec.title) == str(django_spec.title)
        assert spec.parameter_name == django_spec.lookup_kwarg
        assert list(spec.lookup_choices) == [
            (str(pk), label) for pk, label in django_spec.lookup_choices
        ]


def test_the_filtered_idea_list_counts_and_pages_without_distinct(client, admin_user):
    area, other = FocusAreaFactory(name="Climate"), FocusAreaFactory(name="Skills")
    both = IdeaFactory(title="Both areas")
    both.focus_areas.set([area, other])
    only = IdeaFactory(title="Only climate")
    only.focus_areas.set([area])
    IdeaFactory(title="Neither").focus_areas.set([other])
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/ideas/idea/", {"focus_areas__id__exact": area.pk})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [only, both]
    assert page.context["cl"].result_count == 2
    assert "2 results" in page.text
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert client.get("/admin/ideas/idea/", {"focus_areas__id__exact": "x"}).status_code == 302
