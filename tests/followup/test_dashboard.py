from datetime import date

import pytest

from core.regions import REGION
from followup import selectors
from followup.charts import bar_chart, column_chart, nice_ceiling
from tests.factories import IdeaFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def _by_key(figures):
    return {f.key: f.value for f in figures}


def test_ideas_per_month_by_type_counts_the_last_twelve_months(world):
    monthly = selectors.ideas_per_month_by_type(scope=REGION, today=date(2026, 6, 15))
    assert monthly.months[0] == date(2025, 7, 1) and monthly.months[-1] == date(2026, 6, 1)
    series = {s.key: dict(zip(monthly.months, s.values, strict=True)) for s in monthly.series}
    assert series["business"][date(2026, 4, 1)] == 1
    assert series["business"][date(2026, 6, 1)] == 1
    assert series["municipal_department"][date(2026, 5, 1)] == 1
    assert series["other"][date(2026, 3, 1)] == 1
    assert series["municipal_company"][date(2026, 1, 1)] == 1
    # F was received in May 2025, before the window.
    assert sum(monthly.totals) == 5


def test_ideas_per_stage_now(world):
    assert _by_key(selectors.ideas_per_stage(scope=REGION)) == {
        "submitted": 1,
        "screening": 2,
        "accepted": 1,
        "paused": 2,
        "declined": 0,
        "referred": 0,
        "in_group": 0,
        "completed": 0,
    }


def test_median_days_per_stage_counts_finished_stays_only(world):
    figures = {f.key: (f.value, f.extra) for f in selectors.median_days_per_stage(scope=REGION)}
    assert figures["submitted"] == (6.0, 5)  # 2, 4, 6, 10, 21
    assert figures["screening"] == (15.0, 3)  # 10, 15, 30
    assert figures["accepted"] == (0, 0) and figures["paused"] == (0, 0)
    assert "declined" not in figures  # a terminal stage is never left


def test_median_of_an_even_number_of_stays_is_the_mean_of_the_middle_two(world):
    from ideas.models import StageChange

    from .conftest import at

    c = world["ideas"]["C"]
    # C's screening stay ends on 06-14: four finished stays 2, 10, 15, 30 → median 12.5.
    StageChange.objects.create(
        idea=c, from_stage="screening", to_stage="accepted", at=at(2026, 6, 14)
    )
    figures = {f.key: f.value for f in selectors.median_days_per_stage(scope=REGION)}
    assert figures["screening"] == 12.5


def test_stalled_ideas_are_those_waiting_longer_than_the_setting(world, settings):
    stalled = selectors.ideas_stalled(scope=REGION)
    assert [i["reference"] for i in stalled.items] == ["A-1", "B-1"]
    assert stalled.total == 2 and [i["days"] for i in stalled.items] == [45, 26]
    settings.MEETREGION_SCREENING_STALE_DAYS = 30
    assert [i["reference"] for i in selectors.ideas_stalled(scope=REGION).items] == ["A-1"]


def test_listing_counts_beyond_its_limit(world):
    listing = selectors.ideas_stalled(scope=REGION, limit=1)
    assert len(listing.items) == 1 and listing.total == 2 and listing.more == 1


def test_paused_ideas_due_for_revival(world):
    due = selectors.ideas_to_revive(scope=REGION)
    assert [i["reference"] for i in due.items] == ["D-1"] and due.total == 1


def test_active_and_overdue_groups(world):
    assert selectors.groups_active(scope=REGION).total == 2
    overdue = selectors.groups_overdue(scope=REGION)
    assert [g["name"] for g in overdue.items] == ["Overdue group"]
    assert overdue.items[0]["days"] == 14


def test_resource_bank_growth_per_month(world):
    monthly = selectors.members_per_month(scope=REGION, today=date(2026, 6, 15))
    new, total = (dict(zip(monthly.months, s.values, strict=True)) for s in monthly.series)
    assert new[date(2026, 5, 1)] == 2 and new[date(2026, 6, 1)] == 1
    assert sum(new.values()) == 3  # the 2025 member is before the window, the pending one never
    assert total[date(2025, 7, 1)] == 1 and total[date(2026, 5, 1)] == 3
    assert total[date(2026, 6, 1)] == 4


def test_knowledge_bank_entries_per_year_count_published_ones(world):
    assert _by_key(selectors.entries_per_year(scope=REGION)) == {"2024": 2, "2026": 1}


def test_dashboard_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        board = selectors.dashboard(scope=REGION)
    assert board.stalled.total == 2 and board.stale_days == 14


def test_charts_scale_to_round_numbers_and_draw_a_bar_per_value():
    assert nice_ceiling(0) == 1 and nice_ceiling(3) == 5 and nice_ceiling(17) == 20
    assert nice_ceiling(2.2, integer=False) == 2.5
    chart = column_chart(
        id="c", title="t", categories=["a", "b"], series=[("x", [1, 0]), ("y", [2, 3])]
    )
    assert len(chart.rects) == 3 and not chart.empty
    # Stacked: the second series starts where the first ends.
    first, second = chart.rects[0], chart.rects[1]
    assert abs(first.y - (second.y + second.height)) < 1e-6
    assert len(chart.legend) == 2
    assert bar_chart(id="b", title="t", items=[("a", 0)]).empty


def test_admin_index_shows_the_dashboard_with_charts_and_tables(client, world):
    client.force_login(world["screener"])
    page = client.get("/admin/")
    assert page.status_code == 200
    text = page.text
    assert "Follow-up" in text and text.count('class="fu-svg"') == 5
    assert 'role="img"' in text and "<table" in text
    assert "A-1" in text and "B-1" in text and "D-1" in text
    assert "Overdue group" in text
    # The normal list of apps stays below it.
    assert "/admin/ideas/idea/" in text
    # No style="" anywhere in what we draw (a Content-Security-Policy applies).
    dashboard = text.split('class="fu-dashboard"')[1].split("app-list")[0]
    assert "style=" not in dashboard and "<script" not in dashboard


def test_svg_numbers_are_not_localised(client, world):
    client.force_login(world["screener"])
    page = client.get("/admin/", headers={"accept-language": "sv"})
    svg = page.text.split('class="fu-svg"')[1].split("</svg>")[0]
    import re

    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)


def test_staff_without_the_permission_get_the_plain_index(client, world, staff_without_rights):
    client.force_login(staff_without_rights)
    page = client.get("/admin/")
    assert page.status_code == 200 and "fu-dashboard" not in page.text


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/followup/report/").status_code == 302


def test_statistics_are_cached_but_the_lists_of_what_to_do_are_not(
    world, settings, django_assert_max_num_queries
):
    settings.MEETREGION_DASHBOARD_CACHE_SECONDS = 600
    first = selectors.dashboard(scope=REGION)
    stages = _by_key(first.statistics.ideas_per_stage)
    # A new idea stalled in screening: the list shows it at once, the charts at their next
    # computation (or when staff ask for it).
    IdeaFactory(reference="N-1", stage="screening", stage_changed_at=at(2026, 1, 1))
    with django_assert_max_num_queries(8):  # the lists only: no aggregate over every idea
        second = selectors.dashboard(scope=REGION)
    assert second.stalled.total == first.stalled.total + 1
    assert _by_key(second.statistics.ideas_per_stage) == stages
    assert second.statistics.computed_at == first.statistics.computed_at
    fresh = selectors.dashboard(scope=REGION, refresh=True)
    assert _by_key(fresh.statistics.ideas_per_stage)["screening"] == stages["screening"] + 1
    # The recomputed figures replace the cached ones for everybody.
    assert _by_key(selectors.dashboard(scope=REGION).statistics.ideas_per_stage) == _by_key(
        fresh.statistics.ideas_per_stage
    )


def test_the_admin_index_says_when_the_charts_were_computed_and_can_recompute(
    client, world, settings
):
    settings.MEETREGION_DASHBOARD_CACHE_SECONDS = 600
    client.force_login(world["screener"])
    assert "Charts computed at" in client.get("/admin/").text
    IdeaFactory(reference="N-2", stage="paused")
    stale = client.get("/admin/").text
    fresh = client.get("/admin/?refresh=1").text
    assert "Recompute now" in stale
    paused = '<th scope="row">Paused</th><td class="fu-num">{}</td>'
    before = _by_key(selectors.ideas_per_stage(scope=REGION))["paused"] - 1
    assert paused.format(before) in stale and paused.format(before + 1) in fresh


def test_counts_get_whole_ticks_and_bar_labels_room_to_show():
    from followup.charts import _ticks

    assert _ticks(5) == [0, 1, 2, 3, 4, 5]
    assert _ticks(2) == [0, 1, 2]
    assert _ticks(20) == [0, 5, 10, 15, 20]
    long = "Inclusion and social sustainability"
    chart = bar_chart(id="b", title="t", items=[(long, 3), ("Jobs", 4)])
    (label,) = [label for label in chart.labels if label.text == long]
    # Right-aligned at x: the text starts at x minus its width, inside the drawing.
    assert label.x - len(long) * 7.2 >= 0


@pytest.mark.parametrize("language", ["en", "sv", "nb"])
def test_the_kept_charts_are_the_charts_drawn_from_the_same_statistics(
    client, world, settings, language
):
    """The charts and tables are drawn once per computation and language
    (followup.views.charts_html); what the page shows is what drawing them afresh gives."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from followup.views import charts_context

    settings.MEETREGION_DASHBOARD_CACHE_SECONDS = 600
    client.force_login(world["screener"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.get("/admin/")  # draws and keeps them
    page = client.get("/admin/").text  # from the kept drawing
    statistics = selectors.dashboard(scope=REGION).statistics
    with translation.override(language):
        direct = render_to_string("followup/_charts.html", charts_context(statistics))
    assert direct.strip() and direct in page
    # Another language is another drawing, not this one.
    other = "sv" if language != "sv" else "en"
    with translation.override(other):
        assert render_to_string("followup/_charts.html", charts_context(statistics)) not in page
