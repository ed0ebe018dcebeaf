import csv
import io

import openpyxl
import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDEAS = "/admin/ideas/idea/"
GROUPS = "/admin/workgroups/workinggroup/"
MEMBERS = "/admin/resourcebank/member/"


@pytest.fixture
def boss(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def _export(client, url, *, export_format, select_across="1", selected=("1",), **period):
    """Choose the action on the changelist (its filters in the URL), then the format."""
    first = client.post(
        url,
        {
            "action": "export_for_evaluation",
            "index": "0",
            "select_across": select_across,
            "_selected_action": selected,
        },
    )
    assert first.status_code == 200 and b"Download" in first.content
    data = {
        "action": "export_for_evaluation",
        "select_across": select_across,
        "_selected_action": selected,
        "export_format": export_format,
        **period,
    }
    return client.post(url, data)


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_ideas_csv_honours_the_changelist_filter(boss, world):
    rows = _csv(
        _export(
            boss,
            IDEAS + "?stage__exact=screening",
            export_format="csv",
            selected=[str(world["ideas"]["A"].pk)],
        )
    )
    assert rows[0][:3] == ["reference", "title", "stage"]
    assert sorted(r[0] for r in rows[1:]) == ["A-1", "C-1"]
    assert {r[2] for r in rows[1:]} == {"In screening"}


def test_ideas_xlsx_honours_filter_and_period(boss, world):
    rows = _xlsx(
        _export(
            boss,
            IDEAS + "?stage__exact=screening",
            export_format="xlsx",
            start="2026-06-01",
            end="2026-06-30",
        )
    )
    assert rows[0][0] == "reference"
    assert [r[0] for r in rows[1:]] == ["C-1"]


def test_ideas_export_of_only_the_selected_rows(boss, world):
    ideas = world["ideas"]
    rows = _csv(
        _export(
            boss,
            IDEAS,
            export_format="csv",
            select_across="0",
            selected=[str(ideas["B"].pk), str(ideas["D"].pk)],
        )
    )
    assert sorted(r[0] for r in rows[1:]) == ["B-1", "D-1"]


def test_exports_carry_no_contact_details(boss, world):
    response = _export(boss, IDEAS, export_format="csv")
    text = response.content.decode("utf-8-sig")
    assert "@" not in text and "Contact Person" not in text and "+46" not in text
    assert len(_csv(response)) == 7  # header and all six ideas


def test_a_formula_in_a_title_stays_text(boss, world):
    idea = world["ideas"]["A"]
    idea.title = '=HYPERLINK("http://evil.example")'
    idea.save()
    rows = _csv(_export(boss, IDEAS + "?q=A-1", export_format="csv"))
    assert rows[1][1].startswith("'=")


def test_groups_xlsx_honours_the_status_filter(boss, world):
    rows = _xlsx(_export(boss, GROUPS + "?status__exact=active", export_format="xlsx"))
    assert rows[0][0] == "name"
    assert sorted(r[0] for r in rows[1:]) == ["On-time group", "Overdue group"]
    overdue = next(r for r in rows[1:] if r[0] == "Overdue group")
    assert overdue[10] == "F-1"  # its idea


def test_groups_csv_with_a_period_on_the_start(boss, world):
    rows = _csv(_export(boss, GROUPS, export_format="csv", start="2026-01-01", end="2026-12-31"))
    assert sorted(r[0] for r in rows[1:]) == ["On-time group", "Overdue group"]


def test_members_export_honours_the_status_filter_without_personal_data(boss, world):
    response = _export(boss, MEMBERS + "?status__exact=active", export_format="csv")
    rows = _csv(response)
    assert len(rows) == 5  # header + four active members, the pending one filtered out
    text = response.content.decode()
    assert "maja@member.example" not in text and "Maja Member" not in text
    rows = _xlsx(
        _export(boss, MEMBERS + "?status__exact=active", export_format="xlsx", start="2026-05-01")
    )
    assert len(rows) == 4


def test_a_bad_period_shows_the_form_again(boss, world):
    response = _export(boss, IDEAS, export_format="csv", start="2026-12-01", end="2026-01-01")
    assert response.status_code == 200 and b"must end on or after" in response.content


def test_staff_without_view_permission_cannot_export(client, world):
    client.force_login(world["evaluator"])
    response = client.post(
        IDEAS,
        {
            "action": "export_for_evaluation",
            "index": "0",
            "select_across": "1",
            "_selected_action": ["1"],
            "export_format": "csv",
        },
    )
    assert response.status_code == 403
