"""axe-core on every public page and on each public form shown with its errors; no page
scrolls sideways at 375 px."""

import pytest
from django.urls import reverse

from tests.core.test_pictures import photo
from tests.factories import CriterionFactory
from tests.security.conftest import public_urls

from .conftest import assert_no_horizontal_scroll, axe_violations

# Not pages: feeds, open data, downloads, and links that only redirect.
NOT_HTML = {
    "projects:feed",
    "knowledgebank:feed",
    "knowledgebank:document",
    "resourcebank:certificate_svg",
    "resourcebank:data",
    "resourcebank:sign_out",
    "resourcebank:me",
    "resourcebank:withdraw",
    "core:language",
    "set_language",
    "core:health",
    "core:ping",
    "core:ready",
    "workgroups:attachment",
    "core:theme",
    "core:image",
    "portal:robots",
    "portal:sitemap",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _pages(world):
    urls = {
        name: url
        for name, url in public_urls(world).items()
        if name not in NOT_HTML and not name.startswith("api:")
    }
    urls["portal:home"] = reverse("portal:home")
    urls["core:business_pilot"] = reverse("core:business_pilot")
    urls["ideas:create (the idea form)"] = reverse("ideas:create") + "?matter=idea"
    urls["search:search (no results)"] = reverse("search:search") + "?q=zzzqqq"
    # A municipality's page with every section filled, and the filters by municipality.
    municipality = _municipality_with_everything(world)
    urls["portal:municipality (everything filled)"] = municipality.get_absolute_url()
    of = f"?municipality={municipality.slug}"
    urls["projects:list (of a municipality)"] = reverse("projects:list") + of
    urls["knowledgebank:list (a municipality not understood)"] = (
        reverse("knowledgebank:list") + "?municipality=nowhere"
    )
    urls["resourcebank:directory (a municipality not understood)"] = (
        reverse("resourcebank:directory") + "?municipality=nowhere"
    )
    urls["search:search (of a municipality)"] = reverse("search:search") + "?q=project&" + of[1:]
    urls["search:search (a municipality not understood)"] = (
        reverse("search:search") + "?q=project&municipality=nowhere"
    )
    urls["404"] = "/no-such-page/"
    return urls


def _municipality_with_everything(world):
    municipality = world.project.municipalities.get()
    for field, value in {
        "intro": "The harbour town of the region.",
        "business_unit_email": "business@example.org",
        "business_pilot_description": "Permits for shops and restaurants.",
        "business_pilot_phone": "+46 40 11 22 33",
        "business_pilot_email": "pilot@example.org",
        "business_pilot_url": "https://example.org/pilot",
        "business_pilot_hours": "Weekdays 9-16",
        # Issue 17: a picture and a colour of its own (the header, buttons and links in it).
        "image": photo(),
        "image_alt": "The quay at dusk",
        "primary_colour": "#1d6b34",
    }.items():
        setattr(municipality, field, value)
    municipality.save()
    CriterionFactory(title="A criterion of the region")
    CriterionFactory(title="A criterion of the municipality", municipality=municipality)
    world.entry.municipalities.add(municipality)
    for item, alt in (
        (world.project, "A street with shops"),
        (world.entry, "Lights over a street"),
    ):
        item.image, item.image_alt = photo(), alt
        item.save()
    return municipality


def _check(page, name, problems):
    violations = axe_violations(page, name)
    if violations:
        problems.append(f"{name} ({page.url}): {violations}")


def test_every_public_page_has_no_axe_violation_and_fits_375px(
    browser_context, live_server, site_settings, world
):
    desktop = browser_context().new_page()
    phone = browser_context(width=375, height=800).new_page()
    problems = []
    pages = _pages(world)
    for name, url in pages.items():
        desktop.goto(live_server.url + url)
        _check(desktop, name, problems)
        phone.goto(live_server.url + url)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            problems.append(f"{name} scrolls sideways at 375px (scrollWidth {width})")
    assert len(pages) >= 28
    assert not problems, "\n".join(problems)


def test_member_pages_after_sign_in(browser_context, live_server, site_settings, world):
    page = browser_context().new_page()
    page.goto(live_server.url + reverse("resourcebank:sign_in_link", args=[world.sign_in_token]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/resource-bank/me/")
    problems = []
    _check(page, "resourcebank:me", problems)
    page.goto(live_server.url + reverse("resourcebank:withdraw"))
    _check(page, "resourcebank:withdraw", problems)
    assert not problems, "\n".join(problems)


FORMS = [
    # (label, url name or callable(world) -> path, submit button's text)
    ("ideas:create (no choice made)", lambda w: reverse("ideas:create"), None),
    ("ideas:create (empty idea form)", lambda w: reverse("ideas:create") + "?matter=idea", None),
    ("ideas:tracking_request (bad address)", lambda w: reverse("ideas:tracking_request"), None),
    ("core:accessibility (empty report)", lambda w: reverse("core:accessibility"), None),
    ("resourcebank:join (empty)", lambda w: reverse("resourcebank:join"), None),
    ("resourcebank:sign_in (empty)", lambda w: reverse("resourcebank:sign_in"), None),
    (
        "workgroups:report (empty)",
        lambda w: reverse("workgroups:report", args=[w.lead_token]),
        None,
    ),
    (
        "workgroups:report_final (empty)",
        lambda w: reverse("workgroups:report_final", args=[w.lead_token]),
        None,
    ),
]


@pytest.mark.parametrize(("label", "path", "button"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_with_its_errors_has_no_axe_violation(
    browser_context, live_server, site_settings, world, label, path, button
):
    page = browser_context().new_page()
    page.goto(live_server.url + path(world))
    form = page.locator("main form[method=post], main form#idea-start, main form").last
    email = form.locator("input[type=email]")
    if email.count():
        email.first.fill("not-an-address")
    form.locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state()
    errors = page.locator("#form-errors, [role=alert]")
    assert errors.count() >= 1, f"{label}: no error shown"
    summary = page.locator("#form-errors")
    if summary.count():
        # The summary takes focus so that it is announced, and each entry links to a field.
        assert page.evaluate("() => document.activeElement.id") == "form-errors"
        for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
            assert page.locator(href).count() == 1, f"{label}: {href} points nowhere"
    problems = []
    _check(page, label, problems)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_horizontal_scroll(page, label)
    assert not problems, "\n".join(problems)
