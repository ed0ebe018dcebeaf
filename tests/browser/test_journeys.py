"""The main journeys, done the way people do them: in a real browser, with the keyboard
where it matters, against a live server."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

from ideas.models import Idea
from resourcebank.models import Member
from workgroups.models import Invitation, WorkingGroup

from ..factories import (
    CriterionFactory,
    FocusAreaFactory,
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    UserFactory,
)
from .conftest import assert_accessible, assert_no_horizontal_scroll, outbox_link


def _submit_idea(page, base, *, title="Shared charging for delivery vans"):
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Submit an idea")).first.click()
    page.get_by_label(re.compile("An idea or a question about collaboration")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Name of your organisation").fill("Acme Logistics AB")
    page.get_by_label("Business", exact=True).check()
    page.get_by_label("Contact person").fill("Ada Andersson")
    page.locator("#id_email").fill("ada@acme.example")
    page.get_by_label("Title of the idea").fill(title)
    page.get_by_label("Describe the idea").fill(
        "Shared charging points for delivery vans in the city centre, built with the "
        "municipality and two property owners."
    )
    page.get_by_label("A joint working group").check()
    page.get_by_label(re.compile("My idea aims at collaboration")).check()
    page.get_by_label(re.compile("not guaranteed")).check()
    page.get_by_role("button", name="Send the idea").click()
    anyway = page.get_by_role("button", name="Send my idea anyway")
    if anyway.count():
        anyway.click()
    page.wait_for_url("**/ideas/track/**")


def test_a_business_submits_an_idea_and_follows_it(browser_context, live_server, site_settings):
    CriterionFactory(title="Collaboration between business and the municipality")
    page = browser_context().new_page()
    _submit_idea(page, live_server.url)
    assert page.get_by_role("heading", name=re.compile("Thank you")).is_visible()
    idea = Idea.objects.get()
    assert idea.reference in page.content()
    assert_accessible(page, "journey a: receipt")
    # The receipt e-mail carries the tracking link; a new browser opens it.
    link = outbox_link(r"https?://\S+/ideas/track/[^/\s]+/")
    other = browser_context().new_page()
    other.goto(live_server.url + "/ideas/track/" + link.rstrip("/").rsplit("/", 1)[1] + "/")
    assert "Shared charging for delivery vans" in other.content()
    assert other.locator(".stage-label, main").first.inner_text().count("Submitted")


def test_b_staff_screen_accept_and_form_a_working_group(
    browser_context, live_server, site_settings
):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    area = FocusAreaFactory(name="Urban development")
    sector = SectorFactory(name="Logistics and transport")
    submitter = browser_context().new_page()
    _submit_idea(submitter, live_server.url)
    tracking_url = submitter.url
    idea = Idea.objects.get()
    idea.focus_areas.set([area])
    MemberFactory(name="Maja Member", sectors=[sector], focus_areas=[area])

    staff = browser_context().new_page()
    staff.goto(live_server.url + "/admin/login/")
    staff.get_by_label("Username").fill("root")
    staff.get_by_label("Password").fill("correct horse battery staple")
    staff.get_by_label("Password").press("Enter")
    staff.goto(live_server.url + reverse("admin:ideas_idea_change", args=[idea.pk]))
    for stage in ("In screening", "Accepted for matching"):
        staff.get_by_role("link", name=f"Move to “{stage}”").click()
        staff.get_by_label("Note to the submitter").fill(f"Moved to {stage.lower()}.")
        staff.get_by_role("button", name="Move the idea").click()
        staff.wait_for_url(re.compile(r"/change/"))
    staff.get_by_role("link", name="Form a working group").first.click()
    staff.locator("#id_goal").fill("Charging points in the city centre by next year.")
    staff.locator("#id_lead_name").fill("Lena Lead")
    staff.locator("#id_lead_email").fill("lena@acme.example")
    staff.get_by_role("button", name="Form the group").click()
    staff.wait_for_url(re.compile(r"/invite/"))
    # The ranked suggestions list the matching member; invite her.
    staff.get_by_role("row", name=re.compile("Maja Member")).get_by_role("checkbox").check()
    staff.get_by_role("button", name="Invite the chosen members").click()
    group = WorkingGroup.objects.get()
    assert Invitation.objects.filter(group=group, member__name="Maja Member").exists()

    submitter.goto(tracking_url)
    assert "In a working group" in submitter.locator("main").inner_text()


def test_c_a_representative_joins_confirms_and_is_certified(
    browser_context, live_server, site_settings
):
    MunicipalityFactory(name="Northvik")
    SectorFactory(name="Retail")
    page = browser_context().new_page()
    page.goto(live_server.url + reverse("resourcebank:directory"))
    page.get_by_role("link", name=re.compile("Join the resource bank")).first.click()
    page.get_by_label("Your name").fill("Rut Representative")
    page.get_by_label("Your role").fill("Owner")
    page.locator("#id_company_name").fill("Rut Retail AB")
    page.locator("#id_email").fill("rut@retail.example")
    page.locator("#id_municipality").select_option(label="Northvik")
    page.get_by_label("Retail").check()
    page.get_by_label("Open to collaboration broadly").check()
    page.get_by_label(re.compile("I agree that my name")).check()
    page.get_by_role("button", name="Join the resource bank").click()
    page.wait_for_url("**/join/sent/")
    assert not Member.objects.get().is_active

    link = outbox_link(r"https?://\S+/resource-bank/confirm/[^/\s]+/")
    page.goto(live_server.url + urlsplit(link).path)  # the GET shows a button; POST confirms
    page.get_by_role("button", name="Confirm and join").click()
    page.get_by_role("link", name="See your public profile").click()
    member = Member.objects.get()
    assert member.is_active
    page.goto(live_server.url + reverse("resourcebank:directory"))
    assert page.get_by_role("link", name=re.compile("Rut Representative")).count() == 1
    page.goto(live_server.url + reverse("resourcebank:certificate", args=[member.public_id]))
    page.locator('main a[href*="/resource-bank/verify/"]').first.click()
    assert "Valid: the membership is active." in page.content()


def test_d_the_public_browses_filters_and_searches(browser_context, live_server, site_settings):
    from ..factories import EntryFactory, ProjectFactory

    area = FocusAreaFactory(name="Climate and sustainability")
    other = FocusAreaFactory(name="Events and visitors")
    charging = ProjectFactory(title="Charging network for delivery vans")
    charging.focus_areas.set([area])
    festival = ProjectFactory(title="Harbour festival")
    festival.focus_areas.set([other])
    EntryFactory(title="Mentoring newly arrived engineers", summary="Engineers found jobs.")
    from django.core.management import call_command

    call_command("search_reindex", stdout=None)
    page = browser_context().new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.get_by_label("Focus area").select_option(label="Climate and sustainability")
    page.get_by_role("button", name="Show results").click()
    main = page.locator("main")
    assert "Charging network for delivery vans" in main.inner_text()
    assert "Harbour festival" not in main.inner_text()
    assert_accessible(page, "journey d: filtered projects")
    page.get_by_role("link", name="Charging network for delivery vans").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Charging network for delivery vans"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Knowledge bank").click()
    page.get_by_role("link", name="Mentoring newly arrived engineers").click()
    assert "Engineers found jobs." in page.content()

    page.get_by_label("Search the portal").fill("harbour")
    page.get_by_label("Search the portal").press("Enter")
    results = page.locator("main").inner_text()
    assert "Harbour festival" in results
    assert "Charging network" not in results


def test_e_swedish_journey_on_a_phone(browser_context, live_server, site_settings):
    """A visitor switches to Swedish with the keyboard and submits an idea on a small screen."""
    CriterionFactory(title="Collaboration", title_sv="Samverkan")
    page = browser_context(width=375, height=800).new_page()
    page.goto(live_server.url + "/")
    # Issue 17: on a phone the header is the name and the menu button, nothing else; search
    # and language are in the menu, which the keyboard opens.
    assert not page.get_by_label("Language").is_visible()
    assert not page.get_by_label("Search the portal").is_visible()
    header = page.locator("header").bounding_box()
    assert header["height"] <= 80, header
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("link", name="Hoppa till huvudinnehållet").count() == 1
    assert_no_horizontal_scroll(page, "home (sv)")
    page.screenshot(path=str(_artifact("home-sv-375.png")), full_page=True)
    assert_accessible(page, "journey e: home in Swedish at 375px")
    page.goto(live_server.url + reverse("ideas:criteria"))
    assert "Samverkan" in page.locator("main").inner_text()
    page.goto(live_server.url + reverse("ideas:create") + "?matter=idea")
    page.get_by_role("button", name="Skicka idén").click()
    summary = page.locator("#form-errors")
    assert "Rätta följande:" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    assert_no_horizontal_scroll(page, "idea form with errors (sv)")
    assert_accessible(page, "journey e: idea form with errors in Swedish")


def test_e_norwegian_journey_joins_the_resource_bank(browser_context, live_server, site_settings):
    MunicipalityFactory(name="Northvik")
    SectorFactory(name="Retail", name_nb="Varehandel")
    page = browser_context(language="nb").new_page()
    page.goto(live_server.url + "/language/?language=nb&next=/resource-bank/join/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bli med i ressursbanken"
    page.get_by_label("Navnet ditt").fill("Nils Nordmann")
    page.get_by_label("Rollen din").fill("Daglig leder")
    page.locator("#id_company_name").fill("Nordmann Handel AS")
    page.locator("#id_email").fill("nils@handel.example")
    page.locator("#id_municipality").select_option(label="Northvik")
    page.get_by_label("Varehandel").check()
    page.get_by_label("Åpen for samarbeid bredt").check()
    page.get_by_label(re.compile("Jeg samtykker")).check()
    page.get_by_role("button", name="Bli med i ressursbanken").click()
    page.wait_for_url("**/join/sent/")
    assert "Sjekk e-posten din" in page.content()
    from django.core import mail

    assert mail.outbox[-1].subject == "Bekreft medlemskapet ditt i ressursbanken"
    assert Member.objects.get().language == "nb"


def _artifact(name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
