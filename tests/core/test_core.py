import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count

from core.models import SiteSettings
from ideas.models import Criterion, Idea
from meetregion.celery import app
from notifications.models import Email

from ..factories import CriterionFactory

pytestmark = pytest.mark.django_db


def test_every_periodic_task_is_a_registered_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_home_links_the_criteria_and_the_form(client):
    CriterionFactory(title="Aims at collaboration")
    response = client.get("/")
    assert response.status_code == 200
    assert "Aims at collaboration" in response.text
    assert 'href="/ideas/new/"' in response.text and 'href="/criteria/"' in response.text


def test_unpublished_criteria_are_not_shown(client):
    CriterionFactory(title="Published one")
    CriterionFactory(title="Draft one", is_published=False)
    response = client.get("/criteria/")
    assert "Published one" in response.text and "Draft one" not in response.text


def test_business_pilot_page_shows_the_staff_edited_contact(client):
    site = SiteSettings.load()
    site.business_pilot_name = "Företagslotsen"
    site.business_pilot_phone = "+46 40 123 45"
    site.save()
    response = client.get("/business-pilot/")
    assert "Företagslotsen" in response.text and "+46 40 123 45" in response.text


def test_health(client):
    body = client.get("/healthz/").json()
    assert body["status"] == "ok"
    assert body["database"] is True


def test_demo_data_is_idempotent_and_creates_the_screeners(capsys):
    call_command("seed_demo")
    counts = (Idea.objects.count(), Criterion.objects.count(), Email.objects.count())
    call_command("seed_demo")
    assert (Idea.objects.count(), Criterion.objects.count(), Email.objects.count()) == counts
    assert counts[0] > 0
    from django.contrib.auth.models import Group, User

    screener = User.objects.get(username="screener")
    assert screener.is_staff and not screener.is_superuser
    assert screener.groups.filter(name="Screeners").exists()
    assert Group.objects.get(name="Screeners").permissions.filter(codename="move_idea").exists()
    out = capsys.readouterr().out
    assert "screener / meetregion-demo" in out


def test_demo_region_has_municipalities_with_staff_ideas_in_every_stage_and_a_shared_group(
    capsys,
):
    from core.models import Municipality
    from core.regions import staff_scope
    from ideas.stages import Stage
    from workgroups.models import WorkingGroup

    call_command("seed_demo")
    out = capsys.readouterr().out
    staffed = [m for m in Municipality.objects.all() if m.staff.exists()]
    assert len(staffed) >= 3
    for municipality in staffed:
        assert municipality.business_pilot_phone and municipality.business_unit_email
        stages = set(
            Idea.objects.filter(municipalities=municipality).values_list("stage", flat=True)
        )
        assert stages == set(Stage.values), municipality
        person = municipality.staff.get()
        assert f"{person.username} / meetregion-demo" in out
        assert staff_scope(person).municipality_ids == {municipality.pk}
    assert WorkingGroup.objects.annotate(n=Count("municipalities")).filter(n__gte=2).exists()
    assert staff_scope(User.objects.get(username="screener")).region
    assert "Region coordinator" in out


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client):
    response = client.get("/language/", {"language": "sv", "next": "/criteria/"})
    assert response.status_code == 302 and response.url == "/criteria/"
    assert response.cookies["django_language"].value == "sv"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.get("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response.url == "/"
    assert "django_language" not in response.cookies
