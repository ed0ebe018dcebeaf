"""Staff roles exist after `migrate` alone, with exactly the permissions core/roles.py gives."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import PROCESS_SUPPORT, ROLE_PERMISSIONS
from tests.factories import EntryFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _permissions(group):
    return {
        (p.content_type.app_label, p.codename)
        for p in group.permissions.select_related("content_type")
    }


def test_migrate_creates_every_role_with_exactly_its_permissions():
    # The test database is built by `migrate`; nothing here called roles_ensure.
    for name, wanted in ROLE_PERMISSIONS.items():
        assert _permissions(Group.objects.get(name=name)) == set(wanted), name


def test_migrate_puts_a_role_back_as_defined():
    group = Group.objects.get(name=PROCESS_SUPPORT)
    group.permissions.clear()
    Group.objects.filter(name="Evaluators").delete()
    call_command("migrate", verbosity=0)
    assert _permissions(group) == set(ROLE_PERMISSIONS[PROCESS_SUPPORT])
    assert Group.objects.filter(name="Evaluators").exists()


def test_process_support_can_link_a_knowledge_bank_entry_to_its_project(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=PROCESS_SUPPORT))
    ProjectFactory(title="Harbour events street")
    entry = EntryFactory()
    client.force_login(user)
    assert client.get(f"/admin/knowledgebank/entry/{entry.pk}/change/").status_code == 200
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "knowledgebank",
            "model_name": "entry",
            "field_name": "project",
            "term": "Harbour",
        },
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["Harbour events street"]
