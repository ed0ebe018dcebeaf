"""Print on A4 (issue 17): the certificate on one sheet, a knowledge-bank entry and the yearly
report without the screen's menu, search and buttons; each printed by Chromium to PDF."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.core.test_pictures import photo
from tests.factories import EntryFactory, MemberFactory, UserFactory

A4 = (595, 842)  # points


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """The page sizes of a PDF that Chromium wrote (its page objects are not compressed)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def _print(page) -> list[tuple[float, float]]:
    return _pages(page.pdf(format="A4", prefer_css_page_size=True))


def test_the_certificate_prints_on_one_a4_sheet(browser_context, live_server, site_settings):
    member = MemberFactory(name="Maja Member", confirmed_at=timezone.now())
    page = browser_context().new_page()
    page.goto(live_server.url + reverse("resourcebank:certificate", args=[member.public_id]))
    page.emulate_media(media="print")
    assert not page.locator(".mr-header").is_visible()
    assert not page.get_by_role("button", name="Print the certificate").is_visible()
    assert page.get_by_text("Maja Member").first.is_visible()
    assert _print(page) == [A4]


def test_a_knowledge_bank_entry_prints_without_menu_search_or_buttons(
    browser_context, live_server, site_settings
):
    entry = EntryFactory(
        title="Shared cargo bikes", image=photo(), image_alt="Two cargo bikes on a street"
    )
    page = browser_context().new_page()
    page.goto(live_server.url + entry.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in (".mr-menu", ".mr-menu-button", ".breadcrumb", "form[role=search]"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.get_by_role("img", name="Two cargo bikes on a street").is_visible()
    assert page.locator("footer").get_by_text("unit@region.example").is_visible()
    assert _print(page) == [A4]


def test_the_yearly_report_prints_on_a4(browser_context, live_server, site_settings):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    page = browser_context().new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_label("Password").press("Enter")
    page.goto(live_server.url + reverse("followup:report"))
    page.emulate_media(media="print")
    assert not page.locator("#header").is_visible()
    assert page.locator(".fu-report").is_visible()  # signed in: the report itself
    sizes = _print(page)
    assert sizes and set(sizes) == {A4}
