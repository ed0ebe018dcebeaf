"""Handing out an uploaded file after the view has checked the right to it.

On object storage the answer is a redirect to a signed URL of the (private) bucket that works
for MEETREGION_FILE_URL_SECONDS: the file never passes through the web node, and a copied
link soon stops working. On local disk, or with MEETREGION_FILE_DOWNLOADS=stream (a bucket
that browsers cannot reach), the web node streams the file itself.
"""

from pathlib import Path

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

# Shown in the browser; anything else is saved as a file.
INLINE_TYPES = frozenset({"pdf", "png", "jpg", "jpeg"})


def shown_inline(filename: str) -> bool:
    return Path(filename).suffix.lower().lstrip(".") in INLINE_TYPES


def _signs_urls(storage) -> bool:
    # S3Storage with querystring_auth signs every URL it makes; FileSystemStorage cannot.
    return bool(getattr(storage, "querystring_auth", False))


def stored_file_response(*, file: FieldFile, filename: str, as_attachment: bool) -> HttpResponse:
    """The file for a person whose right to it the caller has checked; 404 when it is gone."""
    if settings.MEETREGION_FILE_DOWNLOADS == "redirect" and _signs_urls(file.storage):
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename)
            },
            expire=settings.MEETREGION_FILE_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        # The signed URL is a key for a minute; it must not outlive that in any cache.
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=as_attachment, filename=filename)
