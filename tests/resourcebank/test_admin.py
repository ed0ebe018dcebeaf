import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from resourcebank.models import Member
from tests.factories import (
    FocusAreaFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "name,role,company,organisation_number,email,phone,municipality,sectors,focus_areas,"
    "scope,idea_reference\n"
)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def lists(db):
    return {
        "town": MunicipalityFactory(name="Northvik"),
        "retail": SectorFactory(name="Retail"),
        "it": SectorFactory(name="IT"),
        "climate": FocusAreaFactory(name="Climate"),
    }


def test_staff_search_and_filter_members(admin_client, lists):
    MemberFactory(name="Anna Berg", company_name="Berg Bygg AB", sectors=[lists["retail"]])
    MemberFactory(name="Erik Lind", status=Member.Status.PENDING, certificate_code=None)
    url = "/admin/resourcebank/member/"
    assert "Anna Berg" in admin_client.get(url, {"q": "berg bygg"}).text
    assert "Erik Lind" not in admin_client.get(url, {"q": "berg bygg"}).text
    pending = admin_client.get(url, {"status__exact": "pending"})
    assert "Erik Lind" in pending.text and "Anna Berg" not in pending.text
    by_sector = admin_client.get(url, {"sectors__id__exact": lists["retail"].pk})
    assert "Anna Berg" in by_sector.text


def test_member_page_shows_ideas_and_the_place_for_working_groups(admin_client):
    member = MemberFactory(email="anna@berg.example")
    own = IdeaFactory(reference="2026-00101", title="Own idea", email="x@example.org")
    other = IdeaFactory(
        reference="2026-00102", title="Other idea from her address", email="Anna@Berg.example"
    )
    member.idea = own
    member.save()
    response = admin_client.get(f"/admin/resourcebank/member/{member.pk}/change/")
    assert response.status_code == 200
    assert own.reference in response.text and other.reference in response.text
    assert "working groups" in response.text.lower()


def test_screener_may_view_but_not_import(client, screener):
    client.force_login(screener)
    assert client.get("/admin/resourcebank/member/").status_code == 200
    assert client.get("/admin/resourcebank/member/import/").status_code == 403


def test_staff_without_rights_and_outsiders_are_kept_out(client, staff_without_rights, outsider):
    client.force_login(staff_without_rights)
    assert client.get("/admin/resourcebank/member/").status_code == 403
    client.force_login(outsider)
    assert client.get("/admin/resourcebank/member/import/").status_code == 302


def _upload(admin_client, text):
    file = SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")
    return admin_client.post("/admin/resourcebank/member/import/", {"file": file})


def test_csv_import_previews_with_per_row_errors_and_saves_nothing(admin_client, lists):
    MemberFactory(email="taken@example.org")
    text = HEADER + (
        "Good One,CEO,Good AB,556036-0793,good@example.org,,Northvik,Retail; IT,Climate,broad,\n"
        "Bad Number,CEO,Bad AB,556036-0794,bad@example.org,,Northvik,Retail,,broad,\n"
        "Unknown Town,CEO,X AB,,town@example.org,,Atlantis,Retail,,broad,\n"
        "Taken,CEO,Y AB,,taken@example.org,,Northvik,Retail,,broad,\n"
        "Twice,CEO,Z AB,,good@example.org,,Northvik,Retail,,broad,\n"
    )
    response = _upload(admin_client, text)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.ok for row in rows] == [True, False, False, False, False]
    assert "Swedish organisation number" in " ".join(rows[1].errors)
    assert "Atlantis" in " ".join(rows[2].errors)
    assert "already in the resource bank" in " ".join(rows[3].errors)
    assert "twice" in " ".join(rows[4].errors)
    assert Member.objects.count() == 1
    assert mail.outbox == []


def test_csv_import_confirm_creates_pending_members_with_confirmation_mail(
    admin_client, lists, django_capture_on_commit_callbacks
):
    text = HEADER + (
        "Good One,CEO,Good AB,556036-0793,good@example.org,,Northvik,Retail; IT,Climate,broad,\n"
        "Bad Number,CEO,Bad AB,556036-0794,bad@example.org,,Northvik,Retail,,broad,\n"
    )
    preview = _upload(admin_client, text)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/resourcebank/member/import/", {"csv_text": preview.context["csv_text"]}
        )
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.email == "good@example.org"
    assert member.status == Member.Status.PENDING and member.consent_at is None
    assert sorted(s.name for s in member.sectors.all()) == ["IT", "Retail"]
    assert [m.to for m in mail.outbox] == [["good@example.org"]]


def test_csv_with_missing_columns_or_bad_encoding_is_an_error(admin_client, lists):
    response = _upload(admin_client, "name,email\nA,a@example.org\n")
    assert "lacks these columns" in response.text
    file = SimpleUploadedFile("m.csv", "Å".encode("latin-1"), content_type="text/csv")
    response = admin_client.post("/admin/resourcebank/member/import/", {"file": file})
    assert response.status_code == 200 and "UTF-8" in response.text
    assert not Member.objects.exists()


def test_csv_export_round_trips_and_neutralises_formulas(admin_client, lists):
    a = MemberFactory(
        name='=HYPERLINK("x")', company_name="Berg Bygg AB", sectors=[lists["retail"]]
    )
    response = admin_client.post(
        "/admin/resourcebank/member/", {"action": "export_csv", "_selected_action": [a.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["name"] == '\'=HYPERLINK("x")'
    assert rows[0]["company"] == "Berg Bygg AB"
    assert rows[0]["sectors"] == "Retail"
    assert rows[0]["status"] == "active"
