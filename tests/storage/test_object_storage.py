"""Uploaded files on S3-compatible object storage (a local moto server): saved to the bucket,
handed out after the right was checked as a signed URL that soon expires, or streamed."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledgebank.models import Document
from workgroups import services
from workgroups.models import ReportAttachment

from ..factories import EntryFactory, lead_token, working_group

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT_NAME = "Slutrapport 2026.pdf"


def _document(entry, name="final.pdf"):
    return Document.objects.create(
        entry=entry, title="Final report", file=SimpleUploadedFile(name, PDF)
    )


def test_a_document_is_stored_in_the_bucket_under_a_random_name(object_storage):
    document = _document(EntryFactory(), name="Anna Berg CV.pdf")
    key = f"media/{document.file.name}"
    assert key in object_storage.object_keys()
    assert "Anna" not in key and key.endswith(".pdf")
    stored = object_storage.client().get_object(Bucket=object_storage.bucket, Key=key)
    assert stored["Body"].read() == PDF
    assert "ACL" not in stored  # no public-read: the bucket stays private


def test_a_published_document_redirects_to_a_signed_url_that_works_for_a_minute(
    client, object_storage
):
    document = _document(EntryFactory(), name=REPORT_NAME)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    url = response["Location"]
    assert url.startswith(f"{object_storage.endpoint}/{object_storage.bucket}/media/knowledgebank/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("inline;")
    download = requests.get(url, timeout=10)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["Content-Disposition"] == 'inline; filename="Slutrapport 2026.pdf"'


def test_a_draft_document_gives_no_url_at_all(client, object_storage):
    document = _document(EntryFactory(status="draft", published_at=None))
    response = client.get(document.get_absolute_url())
    assert response.status_code == 404 and "Location" not in response


def test_streaming_from_the_bucket_when_browsers_cannot_reach_it(client, object_storage, settings):
    settings.MEETREGION_FILE_DOWNLOADS = "stream"
    document = _document(EntryFactory())
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_document_gone_from_the_bucket_is_a_404_when_streamed(client, object_storage, settings):
    settings.MEETREGION_FILE_DOWNLOADS = "stream"
    document = _document(EntryFactory())
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_report_attachment_is_handed_to_the_lead_as_a_signed_download(client, object_storage):
    group = working_group()
    token = lead_token(group)
    services.group_complete(
        group=group,
        results="r",
        experiences="e",
        lessons="l",
        partners="p",
        attachments=[SimpleUploadedFile("budget.pdf", PDF)],
    )
    attachment = ReportAttachment.objects.get()
    assert f"media/{attachment.file.name}" in object_storage.object_keys()
    response = client.get(reverse("workgroups:attachment", args=[token, attachment.pk]))
    assert response.status_code == 302
    assert requests.get(response["Location"], timeout=10).content == PDF
    assert (
        client.get(reverse("workgroups:attachment", args=["nope", attachment.pk])).status_code
        == 404
    )


def test_a_picture_and_its_sizes_live_in_the_bucket_and_are_served_from_it(client, object_storage):
    from ..core.test_pictures import photo

    entry = EntryFactory(image=photo(), image_alt="Blue")
    keys = object_storage.object_keys()
    assert f"media/{entry.image.name}" in keys
    sizes = entry.image_renditions["sizes"]
    assert all(f"media/{size['name']}" in keys for size in sizes)
    response = client.get(reverse("core:image", kwargs={"name": sizes[0]["name"]}))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
