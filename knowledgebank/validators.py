"""Staff-uploaded documents: the extension and the content must both be an allowed type, and
the virus scan (core.scanning) must pass."""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.scanning import upload_scan

ZIP_MAGIC = b"PK\x03\x04"

# extension -> how to recognise the content
ALLOWED = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": "OpenDocument",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
}

OOXML_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _head(file, size: int = 64) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_has(file, extension: str) -> bool:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension == "odt":
                return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE
            return OOXML_PART[extension] in names
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def content_matches(file, extension: str) -> bool:
    head = _head(file)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension in OOXML_PART or extension == "odt":
        return head.startswith(ZIP_MAGIC) and _zip_has(file, extension)
    return False


def document_file_validate(file) -> None:
    extension = Path(file.name).suffix.lower().lstrip(".")
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "“.%(extension)s” files cannot be uploaded. Allowed: PDF, Word (.docx), Excel "
                "(.xlsx), PowerPoint (.pptx), OpenDocument text (.odt), PNG and JPEG."
            ),
            code="file_type",
            params={"extension": extension or "?"},
        )
    limit = settings.MEETREGION_DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if not content_matches(file, extension):
        raise ValidationError(
            _(
                "The file is named .%(extension)s but its content is not a %(kind)s file. "
                "Save it again in that format and upload it once more."
            ),
            code="file_content",
            params={"extension": extension, "kind": ALLOWED[extension]},
        )
    upload_scan(file)
