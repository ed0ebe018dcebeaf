"""/healthz/ready/: ready only when the node should get traffic."""

import pytest
from django.db import connection
from django.urls import reverse

from core import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    # Each test starts as a process that has not yet seen its schema.
    monkeypatch.setattr(readiness, "_schema_current", False)


def test_a_migrated_node_is_ready(client):
    response = client.get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "state": "ready",
        "database": True,
        "pending_migrations": 0,
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_node_whose_migrations_have_not_run_is_starting(client):
    # As on a new release before the migration job: the database lacks this code's last one.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'core' AND name = '0007_images_and_colours'"
        )
    response = client.get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json()["state"] == "starting"
    assert response.json()["pending_migrations"] == 1
    # /healthz/ (the database answers) and the liveness probe are unaffected.
    assert client.get(reverse("core:health")).status_code == 200
    assert client.get(reverse("core:ping")).status_code == 200


def test_once_ready_the_migrations_are_not_read_again(client, django_assert_num_queries):
    client.get(reverse("core:ready"))
    with django_assert_num_queries(1):  # SELECT 1
        assert client.get(reverse("core:ready")).status_code == 200


def test_a_draining_node_is_stopping_while_it_still_serves(client, settings, tmp_path):
    settings.MEETREGION_DRAIN_FILE = str(tmp_path / "draining")
    assert client.get(reverse("core:ready")).status_code == 200
    (tmp_path / "draining").touch()
    response = client.get(reverse("core:ready"))
    assert response.status_code == 503 and response.json()["state"] == "stopping"
    assert client.get("/criteria/").status_code == 200


def test_readiness_answers_get_and_head(client):
    assert client.head(reverse("core:ready")).status_code == 200
