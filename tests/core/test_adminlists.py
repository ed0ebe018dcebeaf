"""The admin's quicker lists (core.adminlists) draw what Django's own list draws: the same
checkbox, the same row links, the same municipality names in the same order and language."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.test import RequestFactory
from django.utils import translation

from core.adminlists import QuickChangeList, municipality_names_attach
from ideas.models import Idea
from projects.models import Project

from ..factories import IdeaFactory, MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    # Their order (then name) is the municipalities' own order; neither follows the keys.
    return [
        MunicipalityFactory(name="Östervik", order=2),
        MunicipalityFactory(name="Aby", order=1),
        MunicipalityFactory(name="Northvik", order=1),
    ]


def _changelist(model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_changelist_instance(request)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_checkbox_is_djangos_checkbox(language):
    idea = IdeaFactory(title='Solar <b>roofs</b> & "shade"')
    model_admin = admin.site._registry[Idea]
    with translation.override(language):
        assert model_admin.action_checkbox(idea) == admin.ModelAdmin.action_checkbox(
            model_admin, idea
        )


def test_the_row_links_are_djangos_links(admin_user):
    IdeaFactory.create_batch(3)
    changelist = _changelist(Idea, admin_user)
    assert isinstance(changelist, QuickChangeList)
    rows = list(changelist.result_list)
    assert len(rows) == 3
    for row in rows:
        assert changelist.url_for_result(row) == ChangeList.url_for_result(changelist, row)


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
