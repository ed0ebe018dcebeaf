"""The loopback OpenID Connect provider (tests/oidc_provider/) as a subprocess, and a browser
stand-in that walks the whole redirect flow: our sign-in view, the provider's login form and
authorization endpoint, our callback."""

import html
import os
import re
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "meetregion-tests"
CLIENT_SECRET = "loopback-client-secret"
PASSWORD = "provider-password"
# The Django test client's host: the provider redirects the "browser" back here.
TEST_CLIENT_CALLBACK = "http://testserver/staff/sign-in/callback/"
TEST_CLIENT_LOGOUT = "http://testserver/admin/login/"
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LoopbackProvider:
    directory: Path
    port: int
    control_token: str
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def _env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "MEETREGION_IDP_DIR": str(self.directory),
            "MEETREGION_IDP_ISSUER": self.issuer,
            "MEETREGION_IDP_CONTROL_TOKEN": self.control_token,
            "MEETREGION_IDP_CLIENT_ID": CLIENT_ID,
            "MEETREGION_IDP_CLIENT_SECRET": CLIENT_SECRET,
            "MEETREGION_IDP_REDIRECT_URIS": TEST_CLIENT_CALLBACK,
            "MEETREGION_IDP_LOGOUT_URIS": TEST_CLIENT_LOGOUT,
        }

    def start(self) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (self.directory / "key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        log = (self.directory / "provider.log").open("wb")
        subprocess.run(
            [sys.executable, "-m", "tests.oidc_provider.prepare"],
            cwd=ROOT,
            env=self._env(),
            check=True,
            timeout=START_SECONDS,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.oidc_provider.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self._env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, START_SECONDS, "the loopback OpenID Connect provider")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the provider exited: {self.log_tail()}")
        try:
            url = f"{self.issuer}/.well-known/openid-configuration"
            return requests.get(url, timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self) -> str:
        path = self.directory / "provider.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def control(self, **data) -> None:
        response = requests.post(
            f"{self.base}/control/",
            json=data,
            headers={"X-Control-Token": self.control_token},
            timeout=10,
        )
        response.raise_for_status()

    def person(self, username: str, *, groups: list[str], **details) -> None:
        """Create or change a person at the provider, with exactly these groups."""
        self.control(action="user", username=username, password=PASSWORD, groups=groups, **details)

    def misbehave_once(self, mode: str) -> None:
        """The next token answer carries a broken ID token (tests/oidc_provider/views.py)."""
        self.control(action="mode", mode=mode)

    def redirect_uris(self, *, callbacks: list[str], logouts: list[str]) -> None:
        self.control(
            action="client",
            client_id=CLIENT_ID,
            redirect_uris=callbacks,
            post_logout_redirect_uris=logouts,
        )


def start_provider(directory: Path) -> LoopbackProvider:
    provider = LoopbackProvider(
        directory=directory, port=free_port(), control_token=secrets.token_urlsafe(16)
    )
    provider.start()
    return provider


class ProviderBrowser:
    """The person's browser on the provider's side: its own cookies, redirects followed only
    while they stay on the provider (the last one points back at the relying party)."""

    def __init__(self, provider: LoopbackProvider):
        self.provider = provider
        self.http = requests.Session()

    def follow(self, url: str, *, username: str | None = None) -> str:
        """From an authorization URL to the URL the provider sends the browser back to,
        signing in at the provider's login form on the way when it asks."""
        for _step in range(10):
            if not url.startswith(self.provider.base):
                return url
            response = self.http.get(url, allow_redirects=False, timeout=10)
            if response.status_code in (301, 302, 303):
                url = requests.compat.urljoin(url, response.headers["Location"])
                continue
            if response.status_code == 200 and 'name="password"' in response.text:
                if username is None:
                    raise AssertionError("the provider asks for a sign-in")
                url = self._sign_in(response, username)
                continue
            raise AssertionError(f"provider answered {response.status_code}: {response.text[:500]}")
        raise AssertionError("too many redirects at the provider")

    def _sign_in(self, page, username: str) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        next_url = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
        response = self.http.post(
            page.url,
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": PASSWORD,
                "next": html.unescape(next_url),
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]
        return requests.compat.urljoin(page.url, response.headers["Location"])


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
