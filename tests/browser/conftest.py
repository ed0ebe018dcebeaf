"""Headless Chromium (Debian's package) driven by Playwright against a live server.

One browser for the session; each test gets a fresh context (cookies, viewport). A failing
test leaves a screenshot in tests/browser/artifacts/. axe-core comes from node_modules
(package.json pins it; `make test` runs `npm ci`) and is evaluated in the page through the
DevTools protocol, which the site's Content-Security-Policy does not block.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(settings.BASE_DIR)
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RESULTS: dict[str, int] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is missing: `apt-get install chromium` (bash .ci/run does it).")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()
    if AXE_RESULTS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "axe-report.json").write_text(json.dumps(AXE_RESULTS, indent=1))


@pytest.fixture
def browser_context(chromium, request):
    contexts = []

    def new(*, width=1280, height=900, language="en"):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale=language)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield new
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{i}{j}.png"), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser_context):
    return browser_context().new_page()


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(settings, live_server):
    """E-mails and certificates carry absolute links built from SITE_URL."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def site_settings(transactional_db):
    from core.models import SiteSettings

    site = SiteSettings.load()
    site.region_name = "Test Region"
    site.portal_name = "Meet Test Region"
    site.portal_name_sv = "Möt Testregionen"
    site.business_unit_name = "The business unit"
    site.business_unit_email = "unit@region.example"
    site.business_pilot_phone = "+46 40 00 00 00"
    site.save()
    return site


def axe_violations(page, label: str) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; record and return violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    AXE_RESULTS[label] = len(violations)
    return violations


def assert_accessible(page, label: str):
    violations = axe_violations(page, label)
    assert not violations, f"{label} ({page.url}): {json.dumps(violations, indent=1)}"


def assert_no_horizontal_scroll(page, label: str, width: int = 375):
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{label} scrolls sideways at {width}px: scrollWidth={scroll}"


def outbox_link(pattern: str) -> str:
    """The last link in the locmem outbox matching a regex (tasks run eagerly in tests)."""
    from django.core import mail

    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return match.group(0)
    raise AssertionError(f"no e-mail with a link like {pattern!r}")


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """The security tests' world (something behind every URL), built for a live server:
    e-mails are sent (and redacted) at once here, so links come from the outbox."""
    from datetime import timedelta

    from django.core.files.base import ContentFile

    from knowledgebank.models import Document
    from resourcebank.models import MemberLink
    from resourcebank.services import member_link_create
    from tests.core.test_pictures import photo
    from tests.security.conftest import PDF, World, _submit
    from workgroups import services as groups

    from ..factories import (
        EntryFactory,
        FocusAreaFactory,
        IdeaFactory,
        MemberFactory,
        ProjectFactory,
        SectorFactory,
        working_group,
    )

    settings.MEDIA_ROOT = str(tmp_path / "media")
    SectorFactory(name="Retail", name_sv="Handel", name_nb="Varehandel")
    SectorFactory(name="Logistics and transport")
    FocusAreaFactory(name="Urban development", name_sv="Stadsutveckling", name_nb="Byutvikling")
    idea, token = _submit(email="first@example.org", contact_name="First Submitter")
    other_idea, other_token = _submit(email="second@example.org", contact_name="Second Person")
    entry = EntryFactory(title="Published entry")
    draft_entry = EntryFactory(title="Draft entry", status="draft", published_at=None)
    member = MemberFactory(name="Maja Member")
    pending_member = MemberFactory(name="Pia Pending", status="pending", confirmed_at=None)
    group = working_group()
    invitation = groups.invitation_create(group=group, member=MemberFactory(name="Ines Invited"))
    invitation_token = outbox_link(r"/groups/invitations/[^/?\s]+").rsplit("/", 1)[1]
    return World(
        idea=idea,
        token=token,
        other_idea=other_idea,
        other_token=other_token,
        public_idea=IdeaFactory(is_public=True, stage="accepted", title="A public idea"),
        project=ProjectFactory(title="Public project", image=photo(), image_alt="A street"),
        hidden_project=ProjectFactory(title="Hidden project", is_public=False),
        entry=entry,
        draft_entry=draft_entry,
        document=Document.objects.create(
            entry=entry, title="Report", file=ContentFile(PDF, name="report.pdf")
        ),
        draft_document=Document.objects.create(
            entry=draft_entry, title="Draft report", file=ContentFile(PDF, name="draft.pdf")
        ),
        member=member,
        pending_member=pending_member,
        confirm_token=member_link_create(
            member=pending_member, purpose=MemberLink.Purpose.CONFIRM, lifetime=timedelta(days=7)
        ),
        sign_in_token=member_link_create(
            member=member, purpose=MemberLink.Purpose.SIGN_IN, lifetime=timedelta(minutes=30)
        ),
        group=group,
        lead_token=groups.lead_link_create(group=group),
        invitation=invitation,
        invitation_token=invitation_token,
    )
