"""The dashboard and the yearly report for one municipality, several, or the whole region
(issue 14): each person sees exactly their scope, and chooses only within it."""

import pytest

from core.models import Municipality
from core.regions import OutOfScope, staff_scope
from followup import selectors
from tests.factories import IdeaFactory

from .conftest import at

pytestmark = pytest.mark.django_db

INDEX = "/admin/"
REPORT = "/admin/followup/report/"
YEAR = {"start": "2024-01-01", "end": "2026-12-31"}


def _refs(listing):
    return sorted(item["reference"] for item in listing.items)


def _names(listing):
    return sorted(item["name"] for item in listing.items)


def _stages(statistics):
    return {f.key: f.value for f in statistics.ideas_per_stage if f.value}


def _board(client, user, **params):
    client.force_login(user)
    page = client.get(INDEX, params)
    assert page.status_code == 200
    return page


# --- What each person sees by default -----------------------------------------------------


def test_a_municipalitys_staff_see_their_own_ideas_and_the_shared_ones(client, region):
    board = _board(client, region["anna"]).context["dashboard"]
    assert _refs(board.stalled) == ["N-1"]
    assert _refs(board.to_revive) == ["NS-1"]  # shared by North and South
    assert _names(board.active_groups) == ["North group", "Shared group"]
    assert _names(board.overdue_groups) == ["North group"]
    assert _stages(board.statistics) == {"screening": 1, "paused": 1}
    assert [f.value for f in board.statistics.entries_per_year] == [1]  # North's, 2025
    assert sum(board.statistics.members_per_month.series[0].values) == 1


def test_the_other_municipality_sees_its_own_and_the_shared_idea_too(client, region):
    board = _board(client, region["bo"]).context["dashboard"]
    assert _refs(board.stalled) == ["S-1"]
    assert _refs(board.to_revive) == ["NS-1", "S-2"]
    assert _names(board.overdue_groups) == ["South group"]
    assert _stages(board.statistics) == {"submitted": 1, "paused": 2}
    assert sum(board.statistics.members_per_month.series[0].values) == 2


def test_a_coordinator_sees_the_whole_region_including_its_own_ideas(client, region):
    page = _board(client, region["cora"])
    board = page.context["dashboard"]
    assert page.context["where"].value == "region"
    assert _refs(board.stalled) == ["N-1", "R-1", "S-1"]
    assert _refs(board.to_revive) == ["NS-1", "S-2"]
    assert _names(board.overdue_groups) == ["North group", "Region group", "South group"]
    assert _stages(board.statistics) == {"submitted": 2, "screening": 1, "paused": 2}
    assert sum(f.value for f in board.statistics.entries_per_year) == 3
    assert "Follow-up: The whole region" in page.text


def test_the_whole_regions_idea_is_the_coordinators_only(client, region):
    for name in ("anna", "bo", "mia", "erik", "eva_north"):
        page = _board(client, region[name])
        assert "R-1" not in page.text, name
        assert "Region group" not in page.text, name
    assert "R-1" in _board(client, region["cora"]).text


def test_staff_of_several_municipalities_see_all_of_theirs_together(client, region):
    page = _board(client, region["mia"])
    where = page.context["where"]
    assert where.value == "" and where.label == "North, South"
    assert where.choices == [("", "North, South"), ("north", "North"), ("south", "South")]
    board = page.context["dashboard"]
    assert _refs(board.stalled) == ["N-1", "S-1"]
    # NS-1 concerns both: counted once.
    assert _refs(board.to_revive) == ["NS-1", "S-2"] and board.to_revive.total == 2
    assert _stages(board.statistics) == {"submitted": 1, "screening": 1, "paused": 2}


def test_staff_of_a_municipality_without_ideas_see_nothing_of_the_others(client, region):
    board = _board(client, region["erik"]).context["dashboard"]
    assert board.stalled.total == board.to_revive.total == board.overdue_groups.total == 0
    assert _stages(board.statistics) == {}


# --- Choosing -------------------------------------------------------------------------------


def test_the_choice_is_offered_only_among_ones_own_municipalities(client, region):
    assert _board(client, region["anna"]).context["where"].choices == [("north", "North")]
    # One municipality: nothing to choose, no form.
    assert 'name="municipality"' not in _board(client, region["anna"]).text
    cora = _board(client, region["cora"])
    # Every municipality of the region (the migrations' default one too), in their order.
    assert cora.context["where"].choices == [("region", "The whole region")] + [
        (m.slug, m.name) for m in Municipality.objects.all()
    ]
    assert {"north", "south", "east"} <= {value for value, _l in cora.context["where"].choices}
    assert '<select name="municipality"' in cora.text


def test_a_coordinator_draws_the_dashboard_for_one_municipality(client, region):
    page = _board(client, region["cora"], municipality="north")
    board = page.context["dashboard"]
    assert _refs(board.stalled) == ["N-1"]  # not the region's R-1
    assert _refs(board.to_revive) == ["NS-1"]
    assert _names(board.overdue_groups) == ["North group"]
    assert "Follow-up: North" in page.text
    # The links keep the choice: the report, "Recompute now", the list to export from.
    assert "/admin/followup/report/?municipality=north" in page.text
    assert "?municipality=north&amp;refresh=1#fu-charts-note" in page.text
    assert f"/admin/ideas/idea/?municipality={region['north'].pk}" in page.text
    listed = client.get(f"/admin/ideas/idea/?municipality={region['north'].pk}")
    assert listed.status_code == 200
    assert sorted(i.reference for i in listed.context["cl"].result_list) == ["N-1", "NS-1"]


def test_one_of_several_municipalities_can_be_chosen(client, region):
    board = _board(client, region["mia"], municipality="south").context["dashboard"]
    assert _refs(board.stalled) == ["S-1"] and _refs(board.to_revive) == ["NS-1", "S-2"]


@pytest.mark.parametrize("url", [INDEX, REPORT])
def test_a_municipality_outside_ones_scope_is_refused(client, region, url):
    client.force_login(region["anna"])
    assert client.get(url, {"municipality": "south"}).status_code == 403
    assert client.get(url, {"municipality": "region"}).status_code == 403
    assert client.get(url, {"municipality": "atlantis"}).status_code == 404
    client.force_login(region["cora"])
    assert client.get(url, {"municipality": "atlantis"}).status_code == 404


def test_the_refusal_comes_from_the_one_rule(region):
    scope = staff_scope(region["anna"])
    with pytest.raises(OutOfScope):
        scope.narrowed({region["south"].pk})
    assert scope.narrowed({region["north"].pk}).municipality_ids == {region["north"].pk}
    with pytest.raises(OutOfScope):
        selectors.followup_where(user=region["mia"], choice="east")


# --- Evaluators -------------------------------------------------------------------------------


def test_an_evaluator_of_a_municipality_sees_its_figures(client, region):
    page = _board(client, region["eva_north"])
    board = page.context["dashboard"]
    assert _refs(board.stalled) == ["N-1"] and _stages(board.statistics)["paused"] == 1
    assert "/admin/ideas/idea/" not in page.text  # no list to link to


def test_an_evaluator_of_the_region_sees_the_whole_region(client, region):
    board = _board(client, region["eva_region"]).context["dashboard"]
    assert _refs(board.stalled) == ["N-1", "R-1", "S-1"]
    assert not region["eva_region"].has_perm("ideas.view_idea")  # where, not what


def test_an_evaluator_placed_nowhere_is_told_so_instead_of_shown_zeros(client, region):
    page = _board(client, region["eva_nowhere"])
    assert "dashboard" not in page.context and page.context["followup_nowhere"]
    assert "You work for no municipality" in page.text
    assert 'class="fu-svg"' not in page.text
    assert "permission to view or edit anything" not in page.text
    report = client.get(REPORT)
    assert report.status_code == 200 and "report" not in report.context
    assert "You work for no municipality" in report.text


# --- The yearly report ---------------------------------------------------------------------


def _report(client, user, **params):
    client.force_login(user)
    page = client.get(REPORT, {**YEAR, **params})
    assert page.status_code == 200
    return page


def test_the_yearly_report_of_a_municipality(client, region):
    page = _report(client, region["anna"])
    report = page.context["report"]
    assert report.ideas_total == 2  # N-1 and the shared NS-1
    assert [g["name"] for g in report.groups_started] == ["North group", "Shared group"]
    assert [e["title"] for e in report.entries_published] == ["North's result"]
    assert report.members_joined == 1
    # Moves of North's ideas only: N-1 into screening, NS-1 into paused.
    assert {f.key: f.value for f in report.moves if f.value} == {"screening": 1, "paused": 1}
    assert "Report for North," in page.text
    assert "R-1" not in page.text and "South&#x27;s result" not in page.text


def test_the_yearly_report_of_the_region_and_of_one_municipality_for_a_coordinator(client, region):
    report = _report(client, region["cora"]).context["report"]
    assert report.ideas_total == 5
    assert len(report.groups_started) == 4 and len(report.entries_published) == 3
    assert report.members_joined == 3
    south = _report(client, region["cora"], municipality="south")
    assert south.context["report"].ideas_total == 3  # S-1, S-2, NS-1
    assert south.context["report"].members_joined == 2
    # The period form keeps the choice.
    assert '<option value="south" selected>' in south.text


def test_the_report_form_offers_only_ones_own_municipalities(client, region):
    page = _report(client, region["mia"])
    assert page.context["form"].fields["municipality"].choices == [
        ("", "North, South"),
        ("north", "North"),
        ("south", "South"),
    ]


# --- The cached charts ---------------------------------------------------------------------


def test_cached_charts_never_cross_from_one_scope_to_another(client, region, settings):
    settings.MEETREGION_DASHBOARD_CACHE_SECONDS = 600
    north = _board(client, region["anna"]).context["dashboard"].statistics
    south = _board(client, region["bo"]).context["dashboard"].statistics
    whole = _board(client, region["cora"]).context["dashboard"].statistics
    assert _stages(north) == {"screening": 1, "paused": 1}
    assert _stages(south) == {"submitted": 1, "paused": 2}
    assert _stages(whole) == {"submitted": 2, "screening": 1, "paused": 2}
    # A coordinator choosing North gets North's figures (the same entry as North's staff,
    # never the region's), and North's staff keep theirs while the region's are cached.
    chosen = _board(client, region["cora"], municipality="north").context["dashboard"]
    assert _stages(chosen.statistics) == _stages(north)
    assert chosen.statistics.computed_at == north.computed_at
    assert _stages(_board(client, region["anna"]).context["dashboard"].statistics) == _stages(north)


def test_recompute_now_refreshes_only_the_chosen_scope(client, region, settings):
    settings.MEETREGION_DASHBOARD_CACHE_SECONDS = 600
    _board(client, region["anna"])
    _board(client, region["bo"])
    IdeaFactory(
        reference="N-2", stage="paused", municipality=region["north"], submitted_at=at(2026, 6, 1)
    )
    IdeaFactory(
        reference="S-3", stage="paused", municipality=region["south"], submitted_at=at(2026, 6, 1)
    )
    assert _stages(_board(client, region["anna"]).context["dashboard"].statistics)["paused"] == 1
    fresh = _board(client, region["anna"], refresh="1").context["dashboard"].statistics
    assert _stages(fresh)["paused"] == 2  # N-2 counted, S-3 not
    # South's cached figures are untouched by North's recomputation.
    assert _stages(_board(client, region["bo"]).context["dashboard"].statistics)["paused"] == 2
    again = _board(client, region["bo"], refresh="1").context["dashboard"].statistics
    assert _stages(again)["paused"] == 3


def test_the_cache_key_names_the_scope_not_the_person(region):
    anna, mia = staff_scope(region["anna"]), staff_scope(region["mia"])
    assert selectors.scope_key(anna) == f"m{region['north'].pk}"
    assert selectors.scope_key(mia) == f"m{region['north'].pk}-{region['south'].pk}"
    assert selectors.scope_key(staff_scope(region["cora"])) == "region"
    assert selectors.scope_key(mia.narrowed({region["north"].pk})) == selectors.scope_key(anna)


def test_the_median_stay_counts_the_scopes_ideas_only(region):
    north = staff_scope(region["anna"])
    figures = {f.key: (f.value, f.extra) for f in selectors.median_days_per_stage(scope=north)}
    # N-1 left "submitted" after 11 days, NS-1 after 4: median 7.5 of two stays.
    assert figures["submitted"] == (7.5, 2)
    nobody = staff_scope(region["eva_nowhere"])
    assert {f.extra for f in selectors.median_days_per_stage(scope=nobody)} == {0}


def test_a_municipalitys_dashboard_runs_the_same_fixed_number_of_queries(
    region, django_assert_max_num_queries
):
    north = staff_scope(region["anna"])
    with django_assert_max_num_queries(10):  # as the whole region's (test_dashboard.py)
        board = selectors.dashboard(scope=north)
    assert _refs(board.stalled) == ["N-1"]
