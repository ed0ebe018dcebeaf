"""Every page, public and admin, carries the security headers and an enforced CSP."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from .conftest import all_url_names, public_urls

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 3600
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-check-0123456789",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/meetregion",
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
}


def _policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (p.strip() for p in header.split(";") if p.strip())
    return {p.split()[0]: " ".join(p.split()[1:]) for p in parts}


def assert_hardened(response, url):
    policy = _policy(response)
    assert policy, f"{url}: no Content-Security-Policy"
    assert "Content-Security-Policy-Report-Only" not in response.headers
    # default-src 'none' also covers object-src.
    assert policy.get("object-src", policy.get("default-src")) == "'none'", url
    assert policy.get("base-uri") in {"'self'", "'none'"}, url
    assert policy.get("frame-ancestors") == "'none'", url
    script = policy.get("script-src", policy.get("default-src", ""))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") in {"same-origin", "no-referrer"}, url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    hsts = response.headers.get("Strict-Transport-Security", "")
    seconds = re.search(r"max-age=(\d+)", hsts)
    assert seconds and int(seconds.group(1)) >= ONE_YEAR, f"{url}: {hsts!r}"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def assert_no_inline_code(response, url):
    if "html" not in response.headers.get("Content-Type", ""):
        return
    html = response.content.decode()
    for tag in INLINE_SCRIPT.findall(html):
        # Data islands (JSON) are not executed; everything else needs a src or the nonce.
        assert 'type="application/json"' in tag, f"{url}: inline script {tag}"
    assert not INLINE_HANDLER.search(html), f"{url}: inline event handler"
    assert not STYLE_ATTRIBUTE.search(html), f"{url}: style attribute (blocked by the CSP)"


@pytest.fixture
def production_headers(settings):
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


def test_the_walk_covers_every_named_url_pattern(world):
    missing = all_url_names() - set(public_urls(world))
    assert not missing, f"add these URL patterns to tests/security/conftest.py: {missing}"


def test_every_public_url_is_hardened(client, world, production_headers):
    walked = 0
    for name, url in public_urls(world).items():
        response = client.get(url, secure=True)
        assert response.status_code < 500, (name, response.status_code)
        assert_hardened(response, url)
        assert_no_inline_code(response, url)
        walked += 1
    # Error pages too.
    assert_hardened(client.get("/no-such-page/", secure=True), "404")
    print(f"\nheaders checked on {walked} public URLs")


def test_private_pages_keep_their_referrer_contracts(client, world):
    urls = public_urls(world)
    tracking = client.get(urls["ideas:track"], secure=True)
    assert tracking.headers["Referrer-Policy"] == "no-referrer"
    for name in ("workgroups:report", "workgroups:invitation"):
        # These post forms: under no-referrer browsers send Origin: null and CSRF fails.
        assert client.get(urls[name], secure=True).headers["Referrer-Policy"] == "same-origin"


def test_every_admin_page_is_hardened(client, world, superuser, production_headers):
    client.force_login(superuser)
    walked = 0
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        if model_admin.has_add_permission(_request(superuser)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        for url in urls:
            response = client.get(url, secure=True)
            assert response.status_code in {200, 302}, (url, response.status_code)
            assert_hardened(response, url)
            html = response.content.decode()
            for tag in INLINE_SCRIPT.findall(html):
                assert 'type="application/json"' in tag, f"{url}: inline script {tag}"
            walked += 1
    for url in (reverse("admin:index"), reverse("admin:login")):
        assert_hardened(client.get(url, secure=True), url)
    print(f"\nheaders checked on {walked} admin pages")


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_production_settings_are_hardened(monkeypatch):
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    sys.modules.pop("meetregion.settings.production", None)
    production = importlib.import_module("meetregion.settings.production")
    sys.modules.pop("meetregion.settings.production", None)
    assert production.DEBUG is False
    assert production.SECURE_HSTS_SECONDS >= ONE_YEAR
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production.SECURE_REFERRER_POLICY in {"same-origin", "no-referrer"}
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert production.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in production.MIDDLEWARE


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "meetregion.settings.production",
        **PRODUCTION_ENV,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
