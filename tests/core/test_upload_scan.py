"""The virus-scan hook: every document and report attachment passes it after its type and size
are checked. ClamAV is outside the project, so a small clamd on loopback stands in for it: it
speaks clamd's INSTREAM protocol and finds the EICAR test string, as the real one does."""

import socket
import socketserver
import struct
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.scanning import clamd_scan
from knowledgebank.validators import document_file_validate
from workgroups.models import WorkingGroup

from ..factories import lead_token, working_group

# The anti-virus industry's harmless test file; every scanner reports it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class _Clamd(socketserver.BaseRequestHandler):
    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while (size := struct.unpack("!L", self._exactly(4))[0]) > 0:
            data += self._exactly(size)
        self.server.streams.append(data)
        verdict = b"Eicar-Test-Signature FOUND" if EICAR in data else b"OK"
        self.request.sendall(b"stream: " + verdict + b"\0")

    def _exactly(self, size):
        buffer = b""
        while len(buffer) < size:
            buffer += self.request.recv(size - len(buffer))
        return buffer


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Clamd)
    server.streams = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MEETREGION_UPLOAD_SCANNER = "core.scanning.clamd_scan"
    settings.MEETREGION_CLAMD_ADDRESS = f"127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def _refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        document_file_validate(upload)
    return caught.value


def test_a_clean_document_passes_and_the_whole_file_was_scanned(clamd):
    content = PDF + b"x" * 200_000  # more than one INSTREAM chunk
    upload = SimpleUploadedFile("report.pdf", content)
    document_file_validate(upload)
    assert clamd.streams == [content]
    assert upload.read() == content  # the file is handed back rewound, ready to be saved


def test_an_infected_document_is_refused_with_what_was_found(clamd):
    error = _refusal(SimpleUploadedFile("report.pdf", PDF + EICAR))
    assert error.code == "file_infected"
    assert "Eicar-Test-Signature" in str(error.messages)


def test_a_scanner_that_does_not_answer_refuses_the_upload(settings):
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        free_port = spare.getsockname()[1]
    settings.MEETREGION_UPLOAD_SCANNER = "core.scanning.clamd_scan"
    settings.MEETREGION_CLAMD_ADDRESS = f"127.0.0.1:{free_port}"
    error = _refusal(SimpleUploadedFile("report.pdf", PDF))
    assert error.code == "file_unchecked"
    assert "could not be checked for viruses" in str(error.messages)


def test_the_type_is_checked_before_anything_is_sent_to_the_scanner(clamd):
    assert _refusal(SimpleUploadedFile("virus.exe", EICAR)).code == "file_type"
    assert clamd.streams == []


def test_without_a_scanner_configured_nothing_is_scanned(settings):
    settings.MEETREGION_UPLOAD_SCANNER = ""
    document_file_validate(SimpleUploadedFile("report.pdf", PDF + EICAR))


def test_clamd_scan_reads_the_verdict(clamd):
    assert clamd_scan(SimpleUploadedFile("a.pdf", PDF)) is None
    assert clamd_scan(SimpleUploadedFile("a.pdf", EICAR)) == "Eicar-Test-Signature"


@pytest.mark.django_db
def test_a_leads_infected_attachment_is_refused_beside_the_field_and_nothing_is_filed(
    client, clamd
):
    group = working_group()
    infected = SimpleUploadedFile("summary.pdf", PDF + EICAR, content_type="application/pdf")
    response = client.post(
        f"/groups/report/{lead_token(group)}/final/",
        {
            "results": "r",
            "experiences": "e",
            "lessons": "l",
            "partners": "p",
            "confirm": "on",
            "attachments": [infected],
        },
    )
    assert response.status_code == 400
    assert "found something harmful in this file" in response.text
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ACTIVE
