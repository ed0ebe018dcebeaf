import pytest
from django.urls import reverse

from core.models import Municipality

from ..factories import FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/projects/"


def test_url_contract():
    assert reverse("projects:list") == URL
    assert reverse("projects:detail", kwargs={"slug": "x"}) == "/projects/x/"


def test_anonymous_sees_public_projects_only(client, charging_project, hidden_project):
    response = client.get(URL)
    assert response.status_code == 200
    assert charging_project.title in response.text
    assert hidden_project.title not in response.text


def test_wrong_method_is_refused(client):
    assert client.post(URL).status_code == 405
    assert client.post("/projects/anything/").status_code == 405


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"focus_area": "AREA"}, {"Bikes"}),
        ({"organisation": "harbour"}, {"Harbour lights"}),
        ({"municipality": "norrby"}, {"Harbour lights"}),
        ({"stage": "paused"}, {"Harbour lights"}),
        ({"year": "2021"}, {"Bikes"}),
        ({"stage": "ongoing", "municipality": "demo-city"}, {"Bikes"}),
        ({}, {"Bikes", "Harbour lights"}),
    ],
)
def test_filters(client, params, expected):
    area = FocusAreaFactory(name="Mobility")
    bikes = ProjectFactory(
        title="Bikes", municipality="Demo City", start_year=2021, organisations="Cycle AB"
    )
    bikes.focus_areas.add(area)
    ProjectFactory(
        title="Harbour lights",
        municipality="Norrby",
        status="paused",
        start_year=2023,
        organisations="City Harbour Properties",
    )
    ProjectFactory(title="Invisible", municipality="Norrby", status="paused", is_public=False)
    params = {k: (str(area.pk) if v == "AREA" else v) for k, v in params.items()}
    response = client.get(URL, params)
    assert response.status_code == 200
    shown = {p.title for p in response.context["projects"]}
    assert shown == expected


def test_an_inactive_municipality_is_not_offered_as_a_filter(client):
    # The region's municipalities are public (each has its page); one staff switched off is not.
    ProjectFactory(title="Hidden", municipality="Secretville", is_public=False)
    ProjectFactory(title="Shown", municipality="Norrby")
    Municipality.objects.filter(name="Secretville").update(is_active=False)
    response = client.get(URL)
    assert "Norrby" in response.text and "Secretville" not in response.text


def test_bad_filter_input_is_explained_not_a_crash(client, charging_project):
    response = client.get(URL, {"stage": "nonsense", "focus_area": "abc", "year": "x"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert charging_project.title in response.text


def test_pagination_is_accessible(client):
    for i in range(14):
        ProjectFactory(title=f"Item {i:02d}")
    first = client.get(URL)
    assert len(first.context["projects"]) == 12
    assert 'aria-label="Pages"' in first.text and 'aria-current="page"' in first.text
    second = client.get(URL, {"page": 2})
    assert len(second.context["projects"]) == 2
    assert client.get(URL, {"page": 9}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    areas = [FocusAreaFactory(name=f"Area {i}") for i in range(3)]
    for i in range(size):
        ProjectFactory(title=f"P{i}").focus_areas.set(areas)
    # One more than before the region: the page names each project's municipalities.
    with django_assert_max_num_queries(11):
        assert client.get(URL).status_code == 200


def test_detail_shows_goal_partners_contact_and_progress(client, charging_project):
    charging_project.goal = "Thirty charging points by 2027."
    charging_project.contact_name = "Sara Screener"
    charging_project.contact_email = "business@example.org"
    charging_project.progress_text = "Two chargers installed."
    charging_project.save()
    response = client.get(charging_project.get_absolute_url())
    assert response.status_code == 200
    for text in (
        "Thirty charging points by 2027.",
        "Green Logistics AB",
        "City Harbour Properties",
        "business@example.org",
        "Two chargers installed.",
        "Climate",
    ):
        assert text in response.text
    assert response.text.count("<h1") == 1


def test_non_public_project_is_404(client, hidden_project):
    assert client.get(hidden_project.get_absolute_url()).status_code == 404
    assert client.get("/projects/no-such-project/").status_code == 404


def test_slug_is_unique_and_never_shadows_the_feed():
    a = ProjectFactory(title="Same name")
    b = ProjectFactory(title="Same name")
    feed = ProjectFactory(title="Feed")
    assert a.slug == "same-name" and b.slug == "same-name-2"
    assert feed.slug != "feed"


def test_public_idea_page_shows_public_ideas_only(client, hidden_idea):
    from ..factories import IdeaFactory

    public = IdeaFactory(title="Open idea", is_public=True, email="secret@example.org")
    response = client.get(reverse("projects:idea_detail", kwargs={"pk": public.pk}))
    assert response.status_code == 200 and "Open idea" in response.text
    assert "secret@example.org" not in response.text
    hidden = reverse("projects:idea_detail", kwargs={"pk": hidden_idea.pk})
    assert client.get(hidden).status_code == 404
