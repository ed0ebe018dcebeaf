"""Resource-bank members in the one search and in the open data API: active ones only."""

import json

import pytest

from resourcebank.services import member_withdraw

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_search_finds_active_members_by_name_and_company(client):
    MemberFactory(name="Astrid Lindqvist", company_name="Solvind Energi AB")
    by_name = client.get("/search/", {"q": "Lindqvist"})
    by_company = client.get("/search/", {"q": "Solvind"})
    assert "Astrid Lindqvist" in by_name.text
    assert "Astrid Lindqvist" in by_company.text
    assert by_name.context["results"].counts["member"] == 1


@pytest.mark.parametrize("status", ["pending", "withdrawn"])
def test_search_never_finds_members_who_are_not_active(client, status):
    MemberFactory(name="Hidden Hilda", status=status)
    response = client.get("/search/", {"q": "Hilda"})
    assert response.context["results"].counts["member"] == 0
    assert "Hidden Hilda" not in response.text


def test_withdrawal_erases_the_name_from_the_search_index(client):
    member = MemberFactory(name="Gustav Gone")
    member_withdraw(member=member)
    member.refresh_from_db()
    assert "gone" not in str(member.search_vector or "").lower()
    response = client.get("/search/", {"q": "Gustav"})
    assert response.context["results"].counts["member"] == 0


def test_members_api_has_public_fields_only(client):
    active = MemberFactory(name="Open Olga", email="olga@secret.example", phone="+46 1")
    MemberFactory(name="Pending Per", status="pending")
    data = json.loads(client.get("/api/members.json").content)
    assert data["count"] == 1
    row = data["results"][0]
    assert row["name"] == "Open Olga" and row["company"] == active.company_name
    assert "olga@secret.example" not in json.dumps(data) and "+46 1" not in json.dumps(data)
    csv_text = client.get("/api/members.csv").text
    assert csv_text.splitlines()[0].startswith("id,url,name,role,company")
    assert "Pending Per" not in csv_text and "secret.example" not in csv_text
