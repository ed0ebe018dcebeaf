"""Races: one form posted 20 times at once, two staff moving one idea at once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from ideas.models import Idea, StageChange
from ideas.services import idea_move
from ideas.stages import Stage
from notifications.models import Email

from ..factories import IdeaFactory, idea_form_data

pytestmark = pytest.mark.django_db(transaction=True)


def _together(n, work):
    """Run work(i) in n threads released at the same moment; each has its own connection."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as error:  # reported by the assertions below
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_concurrent_posts_of_one_form_file_one_idea(settings):
    settings.MEETREGION_RATE_LIMIT_POSTS = 1000
    data = idea_form_data(confirmed_similar="1")
    statuses = _together(20, lambda i: Client().post("/ideas/new/", data).status_code)
    assert statuses == [302] * 20, statuses
    assert Idea.objects.count() == 1
    idea = Idea.objects.get()
    assert StageChange.objects.filter(idea=idea).count() == 1
    assert Email.objects.filter(kind="idea_received").count() == 1


def test_two_staff_moving_one_idea_at_once_one_wins(screener):
    idea = IdeaFactory(stage=Stage.SUBMITTED)
    results = _together(
        2, lambda i: idea_move(idea=Idea.objects.get(pk=idea.pk), to=Stage.SCREENING, by=screener)
    )
    winners = [r for r in results if isinstance(r, StageChange)]
    assert len(winners) == 1 and results.count(None) == 1, results
    assert StageChange.objects.filter(idea=idea).count() == 1
    assert Email.objects.filter(kind="idea_stage_changed").count() == 1


def test_two_staff_in_the_admin_get_one_move_and_one_clear_message(screener):
    from core.roles import SCREENERS, roles_ensure

    from ..factories import UserFactory

    other = UserFactory(username="second-screener", is_staff=True)
    other.groups.add(roles_ensure()[SCREENERS])
    idea = IdeaFactory(stage=Stage.SUBMITTED)
    url = f"/admin/ideas/idea/{idea.pk}/move/"
    users = [screener, other]

    def post(i):
        client = Client()
        client.force_login(users[i])
        response = client.post(url, {"to": Stage.SCREENING, "note": f"from {i}"}, follow=True)
        # Read the page, not response.context: the test client's template signal is global
        # and would mix the two threads' contexts.
        return response.content.decode()

    outcomes = _together(2, post)
    moved = [page for page in outcomes if "moved to “In screening”" in page]
    already = [page for page in outcomes if "is already “In screening”; nothing changed" in page]
    assert len(moved) == 1 and len(already) == 1
    assert StageChange.objects.filter(idea=idea).count() == 1
    assert Email.objects.filter(kind="idea_stage_changed").count() == 1


def test_two_staff_choosing_different_moves_one_wins_the_other_hears_of_the_conflict(screener):
    from core.roles import SCREENERS, roles_ensure

    from ..factories import UserFactory

    other = UserFactory(username="second-screener", is_staff=True)
    other.groups.add(roles_ensure()[SCREENERS])
    idea = IdeaFactory(stage=Stage.SCREENING)
    emails_before = Email.objects.count()
    url = f"/admin/ideas/idea/{idea.pk}/move/"
    # Both pages were drawn while the idea was in screening; each screener decides differently.
    choices = [(screener, Stage.ACCEPTED), (other, Stage.REFERRED)]

    def post(i):
        user, to = choices[i]
        client = Client()
        client.force_login(user)
        data = {"to": to, "note": f"from {i}", "from_stage": Stage.SCREENING}
        return client.post(url, data, follow=True).content.decode()

    outcomes = _together(2, post)
    moved = [page for page in outcomes if "; the submitter is being told by e-mail." in page]
    conflict = [page for page in outcomes if "Someone else moved" in page]
    assert len(moved) == 1 and len(conflict) == 1, outcomes
    idea.refresh_from_db()
    assert idea.stage in {Stage.ACCEPTED, Stage.REFERRED}
    assert f"to “{Stage(idea.stage).label}” while you had it open" in conflict[0]
    assert StageChange.objects.filter(idea=idea).count() == 1
    assert Email.objects.count() - emails_before == 1
