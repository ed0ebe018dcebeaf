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
