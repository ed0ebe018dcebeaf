"""Staff-uploaded documents: type by extension and by content, and size."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledgebank.models import Document
from knowledgebank.validators import document_file_validate

from ..factories import EntryFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(*names, mimetype=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", PDF),
        ("Chart.PNG", PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("report.docx", _zip("word/document.xml", "[Content_Types].xml")),
        ("budget.xlsx", _zip("xl/workbook.xml")),
        ("slides.pptx", _zip("ppt/presentation.xml")),
        ("text.odt", _zip("content.xml", mimetype="application/vnd.oasis.opendocument.text")),
    ],
)
def test_allowed_files_pass(name, content):
    document_file_validate(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "file_type"),
        ("page.html", b"<html></html>", "file_type"),
        ("noextension", PDF, "file_type"),
        ("fake.pdf", b"<script>alert(1)</script>", "file_content"),
        ("fake.png", PDF, "file_content"),
        ("fake.docx", _zip("xl/workbook.xml"), "file_content"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "file_content"),
        ("fake.odt", _zip("content.xml", mimetype="application/zip"), "file_content"),
    ],
)
def test_wrong_type_or_fake_extension_is_refused_clearly(name, content, code):
    with pytest.raises(ValidationError) as error:
        document_file_validate(SimpleUploadedFile(name, content))
    assert error.value.code == code
    assert str(error.value.messages[0])


def test_too_big_is_refused_with_the_limit_in_the_message(settings):
    settings.MEETREGION_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        document_file_validate(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert error.value.code == "file_size"
    assert "1.0\xa0KB" in error.value.messages[0]


def test_the_admin_inline_refuses_a_fake_pdf(client, settings, tmp_path):
    from django.contrib.auth import get_user_model

    settings.MEDIA_ROOT = str(tmp_path)
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    entry = EntryFactory()
    url = reverse("admin:knowledgebank_entry_change", args=[entry.pk])
    data = {
        "title": entry.title,
        "slug": entry.slug,
        "summary": entry.summary,
        "year": "2024",
        "results": "",
        "experiences": "",
        "lessons": "",
        "partners": "",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "Fake",
        "documents-0-order": "0",
        "documents-0-file": SimpleUploadedFile("fake.pdf", b"not a pdf at all"),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "its content is not a PDF file" in response.text
    assert Document.objects.count() == 0
    data["documents-0-file"] = SimpleUploadedFile("real.pdf", PDF)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Document.objects.get().original_name == "real.pdf"


def _document(entry, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    return Document.objects.create(
        entry=entry, title="Final report", file=SimpleUploadedFile("final.pdf", PDF)
    )


def test_documents_of_a_published_entry_are_served(client, settings, tmp_path):
    document = _document(EntryFactory(), tmp_path, settings)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_documents_of_a_draft_are_not_served(client, settings, tmp_path):
    document = _document(EntryFactory(status="draft", published_at=None), tmp_path, settings)
    assert client.get(document.get_absolute_url()).status_code == 404
