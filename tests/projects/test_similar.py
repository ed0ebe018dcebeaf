"""The duplicate warning: before an idea is filed, the submitter sees the known twin."""

import pytest
from django.urls import reverse

from core.search import similar_items
from ideas.models import Idea

from ..factories import EntryFactory, IdeaFactory, ProjectFactory, idea_form_data

pytestmark = pytest.mark.django_db
URL = "/ideas/new/"
TWIN = {
    "title": "Charging points for electric delivery vans",
    "description": "We want shared charging points for electric delivery vans at the loading "
    "zones in the city centre, together with property owners.",
}


def test_similar_items_returns_the_known_twin_first(charging_project):
    ProjectFactory(
        title="Summer jobs in local shops", summary="Young people get summer jobs in shops."
    )
    items = similar_items(text=TWIN["description"], title=TWIN["title"])
    assert items, "the twin was not found"
    assert items[0].obj == charging_project
    assert items[0].url == charging_project.get_absolute_url()
    assert all(item.obj.title != "Summer jobs in local shops" for item in items)


def test_similar_items_covers_entries_and_public_ideas_but_nothing_hidden(
    charging_project, hidden_project, hidden_idea
):
    entry = EntryFactory(
        title="Shared electric delivery vans charging pilot",
        summary="A pilot with charging for delivery vans.",
    )
    draft = EntryFactory(
        title="Draft charging delivery vans report", status="draft", published_at=None
    )
    idea = IdeaFactory(
        title="Charging hubs for delivery vans",
        is_public=True,
        description="Charging hubs for electric delivery vans.",
    )
    found = {(item.kind, item.obj.pk) for item in similar_items(limit=10, **TWIN_KW)}
    assert ("project", charging_project.pk) in found
    assert ("entry", entry.pk) in found
    assert ("idea", idea.pk) in found
    assert ("project", hidden_project.pk) not in found
    assert ("entry", draft.pk) not in found
    assert ("idea", hidden_idea.pk) not in found


TWIN_KW = {"text": TWIN["description"], "title": TWIN["title"]}


def test_unrelated_text_finds_nothing(charging_project):
    assert (
        similar_items(
            text="A choir festival for pensioners with folk music in the summer.",
            title="Folk music festival",
        )
        == []
    )


def test_first_post_warns_and_files_nothing(client, charging_project):
    response = client.post(URL, idea_form_data(**TWIN))
    assert response.status_code == 200
    assert "Similar work already exists" in response.text
    assert charging_project.get_absolute_url() in response.text
    assert 'name="confirmed_similar" value="1"' in response.text
    assert "Send my idea anyway" in response.text
    # The answers are kept.
    assert TWIN["title"] in response.text
    assert Idea.objects.count() == 0


def test_confirming_files_the_idea_exactly_once(
    client, charging_project, django_capture_on_commit_callbacks
):
    data = idea_form_data(**TWIN)
    client.post(URL, data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**data, "confirmed_similar": "1"})
        again = client.post(URL, {**data, "confirmed_similar": "1"})  # a double click
    assert response.status_code == 302 and again.status_code == 302
    assert response.url.startswith("/ideas/track/")
    assert Idea.objects.filter(title=TWIN["title"]).count() == 1


def test_nothing_similar_files_at_once(client, charging_project):
    data = idea_form_data(
        title="Folk music festival for pensioners",
        description="A choir festival for pensioners with folk music in the summer park.",
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Idea.objects.count() == 1


def test_invalid_form_is_not_checked_for_similarity(client, charging_project):
    response = client.post(URL, idea_form_data(**TWIN, email="not-an-address"))
    assert response.status_code == 400
    assert "Similar work already exists" not in response.text


def test_admin_change_page_lists_what_already_exists(client, charging_project):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    idea = IdeaFactory(**TWIN, is_public=True)
    client.force_login(admin)
    response = client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
    assert response.status_code == 200
    assert "What already exists in the area" in response.text
    assert charging_project.get_absolute_url() in response.text
    # The idea itself is not its own twin.
    assert reverse("projects:idea_detail", kwargs={"pk": idea.pk}) not in response.text


def test_candidates_are_picked_by_the_title_and_the_longest_words_of_the_text():
    from core.search import CANDIDATE_TEXT_WORDS, _candidate_words

    text = "short words and some considerably longer, distinctive vocabulary: electrification"
    words = _candidate_words("Charging vans", text)
    assert words[:2] == ["charging", "vans"]
    assert "electrification" in words and "considerably" in words
    assert len(words) <= 2 + CANDIDATE_TEXT_WORDS


# ------------------------------------------- the warning's SQL, built once per source


@pytest.fixture
def overlapping(charging_project):
    """Public work sharing words in different measures with the texts below."""
    for n, words in enumerate(
        [
            "charging vans centre",
            "delivery vans loading zones",
            "electric charging property owners",
            "summer jobs shops",
            "charging charging delivery",
        ]
    ):
        ProjectFactory(title=f"Project {n}: {words}", summary=f"About {words} in the city.")
        EntryFactory(title=f"Lesson {n}: {words}", summary=f"What we learned of {words}.")
        IdeaFactory(title=f"Idea {n}: {words}", is_public=True, description=f"Ideas on {words}.")


TEXTS = [
    (TWIN["title"], TWIN["description"]),
    ("Delivery vans", "Loading zones for delivery vans in the centre, shared with owners."),
    ("Summer jobs", "Summer jobs for young people in local shops and the city's offices."),
    ("Charging", "Charging, charging and more charging of vans."),
    ("Nothing alike", "Quantum entanglement of migrating geese."),
]


@pytest.mark.parametrize("title, text", TEXTS)
def test_the_reused_sql_finds_what_the_orm_query_finds(overlapping, title, text):
    from core.search import (
        _candidate_words,
        _similar_compiled,
        _similar_pg,
        _similar_queryset,
        sources,
    )

    compared = 0
    for source in sources():
        if not source.similar:
            continue
        assert _similar_compiled(source, 6) is not None, source.key  # reused, not rebuilt
        reused = [(h.obj.pk, round(h.score, 9)) for h in _similar_pg(source, text, title, 6)]
        words = " or ".join(_candidate_words(title, text))
        direct = [
            (row.pk, round(row._score, 9)) for row in _similar_queryset(source, words, title, 6)
        ]
        assert reused == direct, source.key
        compared += len(direct)
    if title != "Nothing alike":
        assert compared, "the texts must find something for the comparison to mean anything"


def test_a_source_whose_query_changes_or_loads_relations_is_built_each_time(overlapping):
    from django.utils import timezone

    from core.search import (
        SearchSource,
        _candidate_words,
        _similar_compiled,
        _similar_pg,
        _similar_queryset,
    )
    from projects.models import Project

    timed = SearchSource(
        key="project-now",
        label="Project",
        label_plural="Projects",
        queryset=lambda: Project.objects.public().filter(created_at__lte=timezone.now()),
        body_fields=("summary",),
    )
    related = SearchSource(
        key="idea-with-municipality",
        label="Idea",
        label_plural="Ideas",
        queryset=lambda: Idea.objects.filter(is_public=True).select_related("handled_by"),
        body_fields=("description",),
    )
    words = " or ".join(_candidate_words(TWIN["title"], TWIN["description"]))
    for source in (timed, related):
        assert _similar_compiled(source, 6) is None, source.key
        found = [h.obj.pk for h in _similar_pg(source, TWIN["description"], TWIN["title"], 6)]
        assert found, source.key
        assert found == [r.pk for r in _similar_queryset(source, words, TWIN["title"], 6)]
