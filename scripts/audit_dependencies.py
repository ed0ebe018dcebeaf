"""Known vulnerabilities in the installed packages, for `make audit`.

pip-audit is the tool. It reads PyPI's vulnerability data from the per-release documents
(`/pypi/<name>/<version>/json`). Where those do not answer (this project's build machines
reach PyPI's index and the newest-release document `/pypi/<name>/json`, not the per-release
ones, and not OSV), this script reads the same data from the newest-release document: for a
package installed at its newest release, that document's `vulnerabilities` list is exactly
the list pip-audit would have read. A package installed below its newest release cannot be
checked that way. It is reported as unchecked and fails the audit, unless it is named with
`--accept-unchecked` (the Makefile says why for each one).

Exit status: 0 when every package was checked (or accepted) and none has a known
vulnerability; 1 otherwise. Run with the project's virtual environment's Python.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PYPI_JSON_URL = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi").rstrip("/")
TIMEOUT = 20
SKIP = {"meetregion"}  # the project itself, installed editable


@dataclass
class Finding:
    name: str
    version: str
    newest: str = ""
    vulnerabilities: list[dict] = field(default_factory=list)
    error: str = ""

    @property
    def checked(self) -> bool:
        return not self.error and self.newest == self.version


def installed() -> dict[str, str]:
    found = {}
    for dist in distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name not in SKIP:
            found[name] = dist.version
    return dict(sorted(found.items()))


def fetch(url: str) -> dict:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an HTTP address: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return json.load(response)


def same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def check(name: str, version: str) -> Finding:
    finding = Finding(name, version)
    try:
        document = fetch(f"{PYPI_JSON_URL}/{name}/json")
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        finding.error = f"PyPI did not answer: {exc}"
        return finding
    newest = document.get("info", {}).get("version", "")
    finding.newest = version if same_version(newest, version) else newest
    if finding.checked:
        finding.vulnerabilities = [
            v for v in document.get("vulnerabilities") or [] if not v.get("withdrawn")
        ]
    return finding


def per_release_documents_answer(packages: dict[str, str]) -> bool:
    name, version = next(iter(packages.items()))
    try:
        fetch(f"{PYPI_JSON_URL}/{name}/{version}/json")
    except (urllib.error.URLError, TimeoutError, ValueError):
        return False
    return True


def run_pip_audit() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--strict", "--skip-editable", "--progress-spinner", "off"]
    return subprocess.call(command)  # noqa: S603 (fixed command)


def report(findings: list[Finding], accepted: set[str]) -> int:
    vulnerable = [f for f in findings if f.vulnerabilities]
    unchecked = [f for f in findings if not f.checked]
    for f in vulnerable:
        for v in f.vulnerabilities:
            fixed = ", ".join(v.get("fixed_in") or []) or "no fixed release yet"
            print(f"VULNERABLE  {f.name} {f.version}: {v.get('id')} (fixed in {fixed})")
    failing_unchecked = []
    for f in unchecked:
        why = f.error or f"installed {f.version}, newest release {f.newest}"
        state = "accepted" if f.name in accepted else "UNCHECKED"
        print(f"{state:<11} {f.name}: {why}")
        if f.name not in accepted:
            failing_unchecked.append(f)
    checked = len(findings) - len(unchecked)
    print(
        f"{len(findings)} packages: {checked} checked against PyPI's vulnerability data, "
        f"{len(vulnerable)} with a known vulnerability, {len(unchecked)} not checkable "
        f"({len(unchecked) - len(failing_unchecked)} of them accepted)."
    )
    return 1 if vulnerable or failing_unchecked else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--accept-unchecked",
        action="append",
        default=[],
        metavar="PACKAGE",
        help="a package that may stay unchecked (held below its newest release by a pin)",
    )
    parser.add_argument(
        "--no-pip-audit", action="store_true", help="skip the pip-audit attempt (for tests)"
    )
    args = parser.parse_args(argv)
    packages = installed()
    if not args.no_pip_audit and per_release_documents_answer(packages):
        return run_pip_audit()
    print(
        "PyPI's per-release documents (pip-audit's data source) do not answer here; reading "
        "the same vulnerability data from each package's newest-release document."
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        findings = list(pool.map(lambda item: check(*item), packages.items()))
    return report(findings, {canonicalize_name(n) for n in args.accept_unchecked})


if __name__ == "__main__":
    sys.exit(main())
