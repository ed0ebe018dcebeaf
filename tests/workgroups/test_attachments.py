"""Report attachments are private: staff who may read reports, and the lead's link, only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import PROCESS_SUPPORT, roles_ensure
from workgroups import services
from workgroups.models import ReportAttachment

from ..factories import UserFactory, lead_token, working_group

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def finished(settings, tmp_path):
    """A closed group whose final report carries one PDF: (group, lead token, attachment)."""
    settings.MEDIA_ROOT = str(tmp_path)
    group = working_group()
    token = lead_token(group)
    services.group_complete(
        group=group,
        results="Five hubs",
        experiences="Good",
        lessons="Start early",
        partners="Acme",
        attachments=[SimpleUploadedFile("Résultat final.pdf", PDF)],
    )
    return group, token, ReportAttachment.objects.get()


@pytest.fixture
def process_support(db):
    user = UserFactory(username="support", is_staff=True)
    user.groups.add(roles_ensure()[PROCESS_SUPPORT])
    return user


def _staff_url(group, attachment):
    return reverse("admin:workgroups_workinggroup_attachment", args=[group.pk, attachment.pk])


def test_the_lead_downloads_the_attachment_from_the_report_page(client, finished):
    _group, token, attachment = finished
    page = client.get(reverse("workgroups:report", args=[token]))
    url = reverse("workgroups:attachment", args=[token, attachment.pk])
    assert f'href="{url}"' in page.text and "Résultat final.pdf" in page.text
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    assert "R%C3%A9sultat%20final.pdf" in response["Content-Disposition"]


def test_staff_who_read_reports_download_it_from_the_group_page(client, finished, process_support):
    group, _token, attachment = finished
    client.force_login(process_support)
    page = client.get(reverse("admin:workgroups_workinggroup_change", args=[group.pk]))
    assert f'href="{_staff_url(group, attachment)}"' in page.text
    response = client.get(_staff_url(group, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_staff_without_the_right_to_read_reports_are_refused(client, finished, screener):
    group, _token, attachment = finished
    client.force_login(screener)
    assert client.get(_staff_url(group, attachment)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_sign_in(client, finished):
    group, _token, attachment = finished
    response = client.get(_staff_url(group, attachment))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_another_groups_link_or_a_revoked_link_gets_nothing(client, finished):
    group, token, attachment = finished
    other = working_group(name="Another group")
    other_token = lead_token(other)
    assert (
        client.get(reverse("workgroups:attachment", args=[other_token, attachment.pk])).status_code
        == 404
    )
    services.lead_link_resend(group=group)
    assert (
        client.get(reverse("workgroups:attachment", args=[token, attachment.pk])).status_code == 404
    )


def test_an_attachment_through_the_wrong_group_in_the_admin_is_a_404(
    client, finished, process_support
):
    _group, _token, attachment = finished
    other = working_group(name="Another group")
    client.force_login(process_support)
    assert client.get(_staff_url(other, attachment)).status_code == 404


def test_the_download_answers_get_only(client, finished):
    _group, token, attachment = finished
    url = reverse("workgroups:attachment", args=[token, attachment.pk])
    assert client.post(url).status_code == 405


def test_a_file_gone_from_the_storage_is_a_404(client, finished):
    _group, token, attachment = finished
    attachment.file.storage.delete(attachment.file.name)
    assert (
        client.get(reverse("workgroups:attachment", args=[token, attachment.pk])).status_code == 404
    )
