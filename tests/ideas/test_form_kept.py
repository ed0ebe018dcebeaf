"""The submission form's fields are drawn once and kept (ideas.views.empty_form_html): the
page a visitor gets from the kept copy is the page crispy-forms draws directly, but for the
visitor's own submission key and CSRF token; a new focus area is offered at once."""

import re

import pytest
from django.urls import reverse

from ..factories import FocusAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("ideas:create") + "?matter=idea"


def _form(html: str) -> str:
    form = re.search(r'<form method="post".*?</form>', html, re.S).group(0)
    form = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", form)
    form = re.sub(r'name="submission_key" value="[^"]+"', "key", form)
    return re.sub(r"\s+", " ", form)


def _page(client, settings, seconds: int) -> str:
    settings.MEETREGION_KEPT_RESULT_SECONDS = seconds
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_kept_form_is_the_one_crispy_draws_and_follows_the_focus_areas(client, settings):
    FocusAreaFactory(name="Climate and sustainability")
    _page(client, settings, 600)  # drawn and kept
    kept = _page(client, settings, 600)
    direct = _page(client, settings, 0)
    assert _form(kept) == _form(direct)
    assert "Climate and sustainability" in kept
    FocusAreaFactory(name="Skills and jobs")
    kept = _page(client, settings, 600)
    assert "Skills and jobs" in kept
    assert _form(kept) == _form(_page(client, settings, 0))


def test_each_visitor_gets_their_own_submission_key(client, settings):
    keys = {
        re.search(r'name="submission_key" value="([^"]+)"', _page(client, settings, 600)).group(1)
        for _ in range(3)
    }
    assert len(keys) == 3
