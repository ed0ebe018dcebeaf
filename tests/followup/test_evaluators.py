"""External evaluators see the dashboard and the yearly report, and no personal data."""

import pytest

from core.roles import EVALUATORS, ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db

PERSONAL = (
    "@submitter.example",
    "Contact Person",
    "+46",
    "maja@member.example",
    "Maja Member",
    "lena@lead.example",
    "Lena Lead",
)


@pytest.fixture
def evaluator(client, world):
    client.force_login(world["evaluator"])
    return client


def test_evaluators_hold_only_the_follow_up_permission(world):
    assert ROLE_PERMISSIONS[EVALUATORS] == [("followup", "view_dashboard")]
    user = world["evaluator"]
    assert user.has_perm("followup.view_dashboard")
    assert not user.has_perm("ideas.view_idea") and not user.has_perm("resourcebank.view_member")


def test_evaluator_sees_the_dashboard_without_personal_data(evaluator, world):
    page = evaluator.get("/admin/")
    assert page.status_code == 200 and page.text.count('class="fu-svg"') == 5
    assert "A-1" in page.text  # references and titles, which are not personal data
    for value in PERSONAL:
        assert value not in page.text
    # No links into lists they may not open.
    assert "/admin/ideas/idea/" not in page.text
    assert "/admin/resourcebank/member/" not in page.text


def test_evaluator_sees_the_yearly_report_without_personal_data(evaluator, world):
    page = evaluator.get("/admin/followup/report/", {"start": "2025-01-01", "end": "2026-12-31"})
    assert page.status_code == 200 and "Finished group" in page.text
    for value in PERSONAL:
        assert value not in page.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/ideas/idea/",
        "/admin/ideas/stagechange/",
        "/admin/ideas/internalnote/",
        "/admin/resourcebank/member/",
        "/admin/workgroups/workinggroup/",
        "/admin/workgroups/participant/",
        "/admin/workgroups/invitation/",
        "/admin/workgroups/organisationcontact/",
        "/admin/notifications/email/",
        "/admin/auth/user/",
    ],
)
def test_evaluator_is_refused_every_list_with_personal_data(evaluator, url):
    assert evaluator.get(url).status_code in (403, 404)


def test_evaluator_is_refused_an_idea_and_a_member(evaluator, world):
    idea = world["ideas"]["A"]
    member = world["members"][0]
    for url in (
        f"/admin/ideas/idea/{idea.pk}/change/",
        f"/admin/ideas/idea/{idea.pk}/move/",
        f"/admin/resourcebank/member/{member.pk}/change/",
        "/admin/ideas/idea/autocomplete/",
        "/admin/autocomplete/?app_label=resourcebank&model_name=member&field_name=idea&term=a",
    ):
        response = evaluator.get(url)
        assert response.status_code in (302, 403, 404), url
        for value in PERSONAL:
            assert value not in response.text


def test_evaluator_admin_index_lists_no_models(evaluator):
    page = evaluator.get("/admin/")
    assert page.context["app_list"] == []
    # The dashboard is their page: no "You don't have permission …" notice under it.
    assert "Follow-up" in page.text
    assert "permission to view or edit anything" not in page.text
