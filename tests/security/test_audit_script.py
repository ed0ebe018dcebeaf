"""`make audit`'s fallback (scripts/audit_dependencies.py) against a local stand-in for PyPI.

PyPI is outside the project, so a small HTTP server on 127.0.0.1 answers for it with the
newest-release documents each case needs; the installed packages are the real ones.
"""

import importlib.util
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


audit = load_script()
INSTALLED = audit.installed()
TARGET = "django"  # installed for certain; the cases below change what "PyPI" says about it


class FakePyPI(BaseHTTPRequestHandler):
    documents: dict = {}
    requested: list = []

    def do_GET(self):
        self.requested.append(self.path)
        parts = self.path.strip("/").split("/")  # pypi/<name>/json
        document = self.documents.get(parts[1]) if len(parts) == 3 else None
        if document is None:
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def pypi(monkeypatch):
    FakePyPI.documents = {
        name: {"info": {"version": version}, "vulnerabilities": []}
        for name, version in INSTALLED.items()
    }
    FakePyPI.requested = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePyPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(audit, "PYPI_JSON_URL", f"http://127.0.0.1:{server.server_port}/pypi")
    yield FakePyPI.documents
    server.shutdown()
    server.server_close()


def run(capsys, *args):
    status = audit.main(["--no-pip-audit", *args])
    return status, capsys.readouterr().out


def test_every_package_newest_and_clean_passes(pypi, capsys):
    status, out = run(capsys)
    assert status == 0
    assert f"{len(INSTALLED)} packages: {len(INSTALLED)} checked" in out
    assert "VULNERABLE" not in out and "UNCHECKED" not in out
    assert len(FakePyPI.requested) == len(INSTALLED)


def test_a_known_vulnerability_fails_and_is_named(pypi, capsys):
    pypi[TARGET]["vulnerabilities"] = [
        {"id": "PYSEC-2099-1", "fixed_in": ["99.0"], "withdrawn": None},
        {"id": "GHSA-old", "fixed_in": [], "withdrawn": "2024-01-01T00:00:00Z"},
    ]
    status, out = run(capsys)
    assert status == 1
    assert f"VULNERABLE  {TARGET} {INSTALLED[TARGET]}: PYSEC-2099-1 (fixed in 99.0)" in out
    assert "GHSA-old" not in out  # withdrawn advisories do not count


def test_a_package_below_its_newest_release_is_unchecked_and_fails(pypi, capsys):
    pypi[TARGET]["info"]["version"] = "99.0"
    # The newest release's list says nothing about the installed one, even when it has entries.
    pypi[TARGET]["vulnerabilities"] = [{"id": "PYSEC-2099-2", "fixed_in": ["99.1"]}]
    status, out = run(capsys)
    assert status == 1
    assert f"UNCHECKED   {TARGET}: installed {INSTALLED[TARGET]}, newest release 99.0" in out
    assert "PYSEC-2099-2" not in out


def test_an_accepted_unchecked_package_passes_but_is_still_reported(pypi, capsys):
    pypi[TARGET]["info"]["version"] = "99.0"
    status, out = run(capsys, "--accept-unchecked", "Django")
    assert status == 0
    assert f"accepted    {TARGET}: installed {INSTALLED[TARGET]}, newest release 99.0" in out
    assert "1 not checkable (1 of them accepted)" in out


def test_pypi_not_answering_fails_rather_than_passes(pypi, capsys):
    del pypi[TARGET]
    status, out = run(capsys)
    assert status == 1
    assert f"UNCHECKED   {TARGET}: PyPI did not answer" in out
