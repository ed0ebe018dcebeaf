"""Submission knows where: the municipalities an idea concerns, their criteria and focus areas,
their business pilot for authority matters, and their business unit on every e-mail; a
coordinator hands an idea over; staff move only the ideas of their municipalities."""

import pytest
from django.core import mail

from core.models import Municipality
from core.regions import OutOfScope
from ideas.models import Idea, StageChange
from ideas.services import HandoverError, idea_handover, idea_move
from ideas.stages import Stage
from notifications.models import Email

from ..factories import (
    CriterionFactory,
    FocusAreaFactory,
    IdeaFactory,
    MunicipalityFactory,
    UserFactory,
    idea_form_data,
)

pytestmark = pytest.mark.django_db
URL = "/ideas/new/"


@pytest.fixture
def north():
    return MunicipalityFactory(
        name="Northvik",
        order=1,
        business_unit_name="Northvik business unit",
        business_unit_email="unit@northvik.example",
        business_pilot_name="Northvik business pilot",
        business_pilot_phone="+46 40 11 11 11",
    )


@pytest.fixture
def south():
    return MunicipalityFactory(
        name="Southby",
        order=2,
        business_unit_name="Southby business unit",
        business_unit_email="unit@southby.example",
        business_pilot_name="Southby business pilot",
        business_pilot_phone="+46 40 22 22 22",
    )


def test_the_first_step_offers_the_active_municipalities_and_a_link_preselects_one(
    client, north, south
):
    MunicipalityFactory(name="Closedtown", is_active=False)
    response = client.get(URL, {"municipality": "southby"})
    assert response.status_code == 200
    assert 'value="northvik"' in response.text and "Closedtown" not in response.text
    assert 'value="southby" id="id_municipality_1" checked' in response.text


def test_the_form_shows_the_regions_criteria_and_the_chosen_municipalitys(client, north, south):
    CriterionFactory(title="Aims at collaboration")
    CriterionFactory(title="Creates jobs in Northvik", municipality=north)
    CriterionFactory(title="Uses Southby's harbour", municipality=south)
    response = client.get(URL, {"matter": "idea", "municipality": "northvik"})
    assert response.status_code == 200
    text = response.text
    assert "Aims at collaboration" in text and "Creates jobs in Northvik" in text
    assert "Uses Southby" not in text
    assert "Your idea concerns:" in text and "Northvik" in text
    assert '<input type="hidden" name="municipality" value="northvik"' in text


def test_the_focus_areas_offered_are_the_regions_and_the_chosen_municipalitys(client, north, south):
    FocusAreaFactory(name="Region-wide skills")
    FocusAreaFactory(name="Northvik harbour", municipality=north)
    FocusAreaFactory(name="Southby farms", municipality=south)
    form = client.get(URL, {"matter": "idea", "municipality": "northvik"}).context["form"]
    offered = {area.name for area in form.fields["focus_areas"].queryset}
    assert offered == {"Region-wide skills", "Northvik harbour"}


def test_an_authority_matter_goes_to_the_chosen_municipalitys_business_pilot(client, north, south):
    response = client.get(URL, {"matter": "service", "municipality": "southby"})
    assert response.status_code == 302 and response.url == "/business-pilot/?m=southby"
    page = client.get(response.url).text
    assert "Southby business pilot" in page and "+46 40 22 22 22" in page
    assert "Northvik business pilot" not in page
    assert Idea.objects.count() == 0


def test_an_idea_for_two_municipalities_is_shared_handled_by_the_first_and_signed_by_it(
    client, north, south, django_capture_on_commit_callbacks
):
    data = idea_form_data(municipality=["southby", "northvik"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert set(idea.municipalities.all()) == {north, south}
    assert idea.handled_by == north  # first in the region's order
    receipt = Email.objects.get(kind="idea_received")
    assert receipt.sender_name == "Northvik business unit"
    assert receipt.reply_to == "unit@northvik.example"
    sent = mail.outbox[0]
    assert sent.from_email.startswith('"Northvik business unit"') or sent.from_email.startswith(
        "Northvik business unit"
    )
    assert sent.reply_to == ["unit@northvik.example"]
    assert "Northvik business unit" in sent.body
    assert "Handled by Northvik business unit" in client.get(response.url).text


def test_an_idea_for_the_whole_region_is_the_coordinating_units(
    client, north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, idea_form_data())
    idea = Idea.objects.get()
    assert not idea.municipalities.exists() and idea.handled_by is None
    assert Email.objects.get(kind="idea_received").sender_name == "The business unit"


def test_an_unknown_or_inactive_municipality_is_refused_and_nothing_is_saved(client, north):
    Municipality.objects.filter(pk=north.pk).update(is_active=False)
    response = client.post(URL, idea_form_data(municipality=["northvik"]))
    assert response.status_code == 400
    assert "not one of the available choices" in response.text
    assert Idea.objects.count() == 0


def test_stage_e_mails_come_from_the_handling_business_unit(
    north, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(municipality=north)
    screener = UserFactory(is_staff=True, municipalities=[north])
    with django_capture_on_commit_callbacks(execute=True):
        idea_move(idea=idea, to=Stage.SCREENING, by=screener)
    email = Email.objects.get(kind="idea_stage_changed")
    assert email.sender_name == "Northvik business unit"
    assert "Northvik business unit" in email.body_text or email.status == "sent"


def test_staff_of_another_municipality_cannot_move_the_idea(north, south):
    idea = IdeaFactory(municipality=north)
    outsider = UserFactory(is_staff=True, municipalities=[south])
    with pytest.raises(OutOfScope, match="Northvik"):
        idea_move(idea=idea, to=Stage.SCREENING, by=outsider)
    idea.refresh_from_db()
    assert idea.stage == Stage.SUBMITTED and not idea.stage_changes.exists()


def test_a_shared_idea_can_be_moved_by_staff_of_either_municipality(north, south):
    idea = IdeaFactory(municipalities=[north, south])
    assert idea_move(
        idea=idea, to=Stage.SCREENING, by=UserFactory(is_staff=True, municipalities=[south])
    )


def _coordinator():
    from django.contrib.auth.models import Group

    from core.regions import COORDINATORS
    from core.roles import SCREENERS, roles_ensure

    user = UserFactory(is_staff=True, municipalities=[])
    user.groups.add(roles_ensure()[SCREENERS], Group.objects.get(name=COORDINATORS))
    return user


def test_a_coordinator_hands_an_idea_over_with_a_history_row_and_an_e_mail_from_the_new_unit(
    north, south, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(municipality=north, stage=Stage.SCREENING)
    with django_capture_on_commit_callbacks(execute=True):
        change = idea_handover(idea=idea, to=south, by=_coordinator(), note="Southby runs this.")
    idea.refresh_from_db()
    assert idea.handled_by == south and list(idea.municipalities.all()) == [south]
    assert idea.stage == Stage.SCREENING
    row = StageChange.objects.get(pk=change.pk)
    assert (row.from_stage, row.to_stage, row.handed_from, row.handed_to) == (
        Stage.SCREENING,
        Stage.SCREENING,
        north,
        south,
    )
    email = Email.objects.get(kind="idea_handed_over")
    assert email.sender_name == "Southby business unit"
    assert "Southby business unit handles it from now on" in mail.outbox[-1].body
    assert "Southby runs this." in mail.outbox[-1].body


def test_only_a_coordinator_hands_over_and_never_a_closed_idea(north, south):
    idea = IdeaFactory(municipality=north)
    screener_of_north = UserFactory(is_staff=True, municipalities=[north])
    with pytest.raises(OutOfScope):
        idea_handover(idea=idea, to=south, by=screener_of_north)
    closed = IdeaFactory(municipality=north, stage=Stage.DECLINED)
    with pytest.raises(HandoverError):
        idea_handover(idea=closed, to=south, by=_coordinator())
    assert not StageChange.objects.filter(handed_to=south).exists()


def test_the_admin_hand_over_page_is_for_coordinators(client, north, south):
    idea = IdeaFactory(municipality=north, stage=Stage.SCREENING)
    url = f"/admin/ideas/idea/{idea.pk}/handover/"
    screener = UserFactory(is_staff=True, municipalities=[north])
    from core.roles import SCREENERS, roles_ensure

    screener.groups.add(roles_ensure()[SCREENERS])
    client.force_login(screener)
    assert client.get(url).status_code == 403
    client.force_login(_coordinator())
    page = client.get(url)
    assert page.status_code == 200 and "Hand over to" in page.text
    response = client.post(url, {"to": south.pk, "note": ""}, follow=True)
    assert "is now handled by Southby business unit" in response.text
    idea.refresh_from_db()
    assert idea.handled_by == south
