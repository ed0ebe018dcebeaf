"""The virus-scan hook every upload passes after its type and size are checked.

MEETREGION_UPLOAD_SCANNER names a callable `(file) -> str | None`: the name of what it found,
or None for a clean file. It fails closed: a scanner that cannot answer refuses the upload
(with a message asking to try again), since a file that was not checked must not be published.
`clamd_scan` speaks ClamAV's INSTREAM protocol to clamd over TCP, so a region can run the
official ClamAV image beside the web nodes.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not say whether the file is clean."""


def _address() -> tuple[str, int]:
    host, _sep, port = settings.MEETREGION_CLAMD_ADDRESS.rpartition(":")
    return host or "127.0.0.1", int(port)


def clamd_scan(file) -> str | None:
    """Stream the file to clamd (INSTREAM); the signature's name if it found one, else None."""
    try:
        with socket.create_connection(
            _address(), timeout=settings.MEETREGION_CLAMD_TIMEOUT_SECONDS
        ) as conn:
            conn.sendall(b"zINSTREAM\0")
            file.seek(0)
            while chunk := file.read(CHUNK):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and (part := conn.recv(4096)):
                reply += part
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    finally:
        file.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Signature FOUND" or "... ERROR" (size limit, for one).
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    if answer.endswith(" OK"):
        return None
    raise ScannerUnavailable(answer or "no answer")


def upload_scan(file) -> None:
    """Refuse the upload, beside its field, when the scanner finds something or cannot say."""
    if not settings.MEETREGION_UPLOAD_SCANNER:
        return
    scanner = import_string(settings.MEETREGION_UPLOAD_SCANNER)
    try:
        found = scanner(file)
    except ScannerUnavailable as error:
        logger.error("Upload %r not scanned: %s", getattr(file, "name", "?"), error)
        raise ValidationError(
            _(
                "The file could not be checked for viruses just now, so it was not saved. "
                "Try again in a few minutes."
            ),
            code="file_unchecked",
        ) from error
    if found:
        logger.warning("Upload %r refused by the virus scan: %s", getattr(file, "name", "?"), found)
        raise ValidationError(
            _(
                "The virus scan found something harmful in this file (%(found)s), so it was "
                "not saved."
            ),
            code="file_infected",
            params={"found": found},
        )
