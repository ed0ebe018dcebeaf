import pytest

pytestmark = pytest.mark.django_db

URL = "/admin/followup/report/"


def test_yearly_report_counts_the_chosen_period(client, world):
    client.force_login(world["screener"])
    page = client.get(URL, {"start": "2026-01-01", "end": "2026-12-31"})
    assert page.status_code == 200
    report = page.context["report"]
    assert report.ideas_total == 5  # F was received in 2025
    assert {f.key: f.value for f in report.by_type} == {
        "business": 2,
        "municipal_department": 1,
        "municipal_company": 1,
        "other": 1,
    }
    assert {f.key: f.value for f in report.by_stage}["paused"] == 2
    crosstab = {label: values for label, values, _total in report.crosstab}
    assert crosstab["In screening"] == [2, 0, 0, 0]
    assert [g["name"] for g in report.groups_started] == ["Overdue group", "On-time group"]
    assert [g["name"] for g in report.groups_finished] == ["Finished group"]
    assert [e["title"] for e in report.entries_published] == ["Published this year"]
    assert report.members_joined == 3
    assert "Finished group" in page.text and "Published this year" in page.text
    assert "followup/followup.css" in page.text


def test_the_stylesheet_has_print_rules():
    from django.contrib.staticfiles import finders

    with open(finders.find("followup/followup.css")) as css:
        assert "@media print" in css.read()


def test_yearly_report_defaults_to_this_year(client, world):
    client.force_login(world["screener"])
    page = client.get(URL)
    assert page.status_code == 200
    assert str(page.context["report"].start) == "2026-01-01"


def test_a_period_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world["screener"])
    page = client.get(URL, {"start": "2026-12-31", "end": "2026-01-01"})
    assert page.status_code == 400 and "must end on or after" in page.text


def test_report_is_read_only(client, world):
    client.force_login(world["screener"])
    assert client.post(URL).status_code == 405


def test_staff_without_the_permission_are_refused(client, world, staff_without_rights):
    client.force_login(staff_without_rights)
    assert client.get(URL).status_code == 403
