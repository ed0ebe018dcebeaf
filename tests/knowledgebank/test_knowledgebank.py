import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from knowledgebank.models import Entry
from knowledgebank.services import entry_create_draft, entry_publish

from ..factories import EntryFactory, FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/knowledge-bank/"


def test_url_contract():
    assert reverse("knowledgebank:list") == URL


def test_only_published_entries_are_listed(client):
    EntryFactory(title="Finished and told")
    EntryFactory(title="Still a draft", status="draft", published_at=None)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Finished and told" in response.text and "Still a draft" not in response.text


def test_draft_detail_is_404_and_published_detail_shows_everything(client):
    draft = EntryFactory(status="draft", published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    entry = EntryFactory(
        results="Forty jobs.",
        experiences="Hard start.",
        lessons="Begin small.",
        partners="Acme AB\nCity",
    )
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    for text in ("Forty jobs.", "Hard start.", "Begin small.", "Acme AB"):
        assert text in response.text


def test_filters_and_search(client):
    area = FocusAreaFactory(name="Food")
    food = EntryFactory(title="Local food in schools", year=2022, summary="Farmers deliver.")
    food.focus_areas.add(area)
    EntryFactory(title="Christmas lights", year=2023, summary="Food stalls by the lights.")

    def shown(**params):
        return [e.title for e in client.get(URL, params).context["entries"]]

    assert shown(year="2022") == ["Local food in schools"]
    assert shown(focus_area=str(area.pk)) == ["Local food in schools"]
    # Title match first, then the body match.
    assert shown(q="food") == ["Local food in schools", "Christmas lights"]
    assert shown(q="food", year="2023") == ["Christmas lights"]
    assert shown(q="nothingmatches") == []
    assert client.get(URL, {"year": "abc"}).status_code == 200


def test_wrong_method(client):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    areas = [FocusAreaFactory(name=f"Area {i}") for i in range(3)]
    for _ in range(size):
        EntryFactory().focus_areas.set(areas)
    # Two more than before the region: each entry's municipalities, and the municipality filter.
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_entry_create_draft_is_a_draft_linked_to_the_project():
    area = FocusAreaFactory(name="Jobs")
    project = ProjectFactory()
    project.focus_areas.add(area)
    entry = entry_create_draft(title="Final report", summary="Done.", project=project)
    assert entry.status == "draft" and entry.published_at is None
    assert entry.project == project
    assert list(entry.focus_areas.all()) == [area]
    assert not Entry.objects.published().exists()


def test_publishing_twice_changes_nothing_the_second_time():
    entry = entry_create_draft(title="Final report", summary="Done.")
    assert entry_publish(entry=entry) is True
    first = Entry.objects.get().published_at
    assert entry_publish(entry=entry) is False
    assert Entry.objects.get().published_at == first


def test_admin_publish_action(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    entry = entry_create_draft(title="Final report", summary="Done.")
    response = client.post(
        reverse("admin:knowledgebank_entry_changelist"),
        {"action": "publish", "_selected_action": [entry.pk]},
        follow=True,
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == "published" and entry.published_at is not None
    assert client.get(entry.get_absolute_url()).status_code == 200
