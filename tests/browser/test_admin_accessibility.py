"""axe-core on the staff pages: the Django admin and what we built into it, seen by a
screener (Screeners + Process support), an external evaluator and a business-unit
administrator; and the key flow of screening, moving an idea, done with the keyboard alone.

Staff are public-sector employees, so the admin must meet WCAG 2.1 AA like the public pages
(the web-accessibility directive binds the municipality). Same axe tags as
test_accessibility.py. A rule may be left out only on one exact element, in KNOWN_IN_DJANGO,
with the reason; there is none at present.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.roles import EVALUATORS, PROCESS_SUPPORT, SCREENERS, roles_ensure
from ideas.models import Idea, StageChange
from ideas.stages import Stage
from notifications.models import Email
from workgroups.models import Participant, WorkingGroup

from ..factories import (
    FocusAreaFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SectorFactory,
    UserFactory,
    working_group,
)
from .conftest import AXE, AXE_RESULTS, AXE_TAGS

PASSWORD = "correct horse battery staple"

# (axe rule id, the element's CSS selector as axe reports it) -> why it is left to Django.
# Only for a violation inside Django's own admin that we cannot fix without overriding it.
KNOWN_IN_DJANGO: dict[tuple[str, str], str] = {}


def admin_violations(page, label: str) -> list[dict]:
    """axe-core (WCAG 2.1 A and AA) on the page, less the exact exceptions above."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = []
    for rule in result["violations"]:
        nodes = [
            node
            for node in rule["nodes"]
            if (rule["id"], " ".join(map(str, node["target"]))) not in KNOWN_IN_DJANGO
        ]
        if nodes:
            violations.append(
                {
                    "id": rule["id"],
                    "impact": rule["impact"],
                    "help": rule["help"],
                    "targets": [node["target"] for node in nodes][:5],
                    "html": [node["html"][:160] for node in nodes][:2],
                }
            )
    AXE_RESULTS[label] = len(violations)
    return violations


def _check(page, label, problems):
    violations = admin_violations(page, label)
    if violations:
        problems.append(f"{label} ({page.url}): {json.dumps(violations, indent=1)}")


def _sign_in(page, base, username, password=PASSWORD):
    page.goto(base + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


@pytest.fixture
def staff(world):
    """The staff, and work in every state the staff pages draw differently."""
    roles = roles_ensure()
    screener = UserFactory(username="screener", is_staff=True, first_name="Sara")
    screener.groups.add(roles[SCREENERS], roles[PROCESS_SUPPORT])
    evaluator = UserFactory(username="evaluator", is_staff=True)
    evaluator.groups.add(roles[EVALUATORS])
    # Importing members needs resourcebank.add_member, which no role holds.
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    area = FocusAreaFactory(name="Urban development")
    sector = SectorFactory(name="Logistics and transport")
    accepted = IdeaFactory(
        stage=Stage.ACCEPTED,
        title="Public charging for delivery vans",
        description="Shared charging points for delivery vans in the city centre.",
    )
    accepted.focus_areas.set([area])
    accepted.sectors.set([sector])
    MemberFactory(name="Maja Matching", sectors=[sector], focus_areas=[area])
    # The dashboard's lists: stalled in screening, due for revival, an overdue report.
    stalled = IdeaFactory(stage=Stage.SCREENING, title="Waiting a long time")
    Idea.objects.filter(pk=stalled.pk).update(stage_changed_at=timezone.now() - timedelta(days=40))
    IdeaFactory(stage=Stage.PAUSED, title="Paused until spring", revive_on=timezone.localdate())
    group = world.group
    Participant.objects.create(
        group=group,
        side=Participant.Side.BUSINESS,
        member=world.member,
        name=world.member.name,
        email=world.member.email,
        affiliation=world.member.company_name,
    )
    Participant.objects.create(
        group=group,
        side=Participant.Side.MUNICIPAL,
        organisation=OrganisationFactory(name="City planning office"),
        name="Mats Municipal",
        email="mats@city.example",
    )
    overdue = working_group(name="Late reporters", process_support=screener)
    WorkingGroup.objects.filter(pk=overdue.pk).update(
        next_report_due=timezone.localdate() - timedelta(days=10)
    )
    call_command("search_reindex", stdout=None)
    return {"accepted": accepted, "group": group, "email": Email.objects.earliest("pk")}


def _screener_pages(world, staff):
    """label -> (path, a text that shows the page is drawn in the state meant)."""
    accepted, group = staff["accepted"], staff["group"]
    return {
        "admin index with the follow-up dashboard": (reverse("admin:index"), "Waiting a long time"),
        "idea changelist (filtered and searched)": (
            reverse("admin:ideas_idea_changelist") + "?stage__exact=submitted&q=charging",
            world.idea.reference,
        ),
        "idea change page (submitted)": (
            reverse("admin:ideas_idea_change", args=[world.idea.pk]),
            "Move to “In screening”",
        ),
        # Similar items, legal moves and member suggestions.
        "idea change page (accepted)": (
            reverse("admin:ideas_idea_change", args=[accepted.pk]),
            "Maja Matching",
        ),
        "move form": (
            reverse("admin:ideas_idea_move", args=[world.idea.pk]) + "?to=screening",
            "Note to the submitter",
        ),
        "working-group create view": (
            reverse("admin:workgroups_workinggroup_create") + f"?ideas={accepted.pk}",
            "A group works from a clear mandate",
        ),
        "working-group change page with participants": (
            reverse("admin:workgroups_workinggroup_change", args=[group.pk]),
            "Mats Municipal",
        ),
        "working-group invite page": (
            reverse("admin:workgroups_workinggroup_invite", args=[group.pk]),
            "Search the whole resource bank",
        ),
        "member changelist": (reverse("admin:resourcebank_member_changelist"), "Maja Member"),
        "member change page": (
            reverse("admin:resourcebank_member_change", args=[world.member.pk]),
            world.member.company_name,
        ),
        "knowledge-bank entry change page": (
            reverse("admin:knowledgebank_entry_change", args=[world.entry.pk]),
            "What came of it",
        ),
        "yearly report": (reverse("followup:report"), "Ideas received"),
        "e-mail outbox": (
            reverse("admin:notifications_email_changelist"),
            staff["email"].subject,
        ),
    }


def test_staff_pages_have_no_axe_violation_for_a_screener(
    browser_context, live_server, site_settings, world, staff
):
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener")
    problems = []
    for label, (path, expected) in _screener_pages(world, staff).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label}: HTTP {response.status}"
        assert expected in page.locator("#content").text_content(), f"{label}: no {expected!r}"
        _check(page, label, problems)
    assert not problems, "\n".join(problems)


def test_accepted_idea_shows_what_the_screener_acts_on(
    browser_context, live_server, site_settings, world, staff
):
    """The accepted idea's page carries the parts the axe run above must cover."""
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener")
    page.goto(live_server.url + reverse("admin:ideas_idea_change", args=[staff["accepted"].pk]))
    content = page.locator("#content")
    assert content.locator(".suggestions table tbody tr").count() >= 1
    assert content.locator(".similar-work li").count() >= 1
    assert content.get_by_role("link", name="Move to “Paused”").count() == 1


def test_move_form_with_its_errors_has_no_axe_violation(
    browser_context, live_server, site_settings, world, staff
):
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener")
    page.goto(live_server.url + reverse("admin:ideas_idea_move", args=[world.idea.pk]))
    # An empty POST: no stage chosen, nothing written.
    page.evaluate(
        """() => {
            for (const el of document.querySelector('#content-main form').elements) {
                if (el.name && el.name !== 'csrfmiddlewaretoken') el.value = '';
            }
        }"""
    )
    page.get_by_role("button", name="Move the idea").click()
    page.wait_for_load_state()
    assert page.locator("#content-main .errorlist").count() >= 1
    world.idea.refresh_from_db()
    assert world.idea.stage == Stage.SUBMITTED
    problems = []
    _check(page, "move form (empty POST)", problems)
    assert not problems, "\n".join(problems)


def test_evaluator_dashboard_and_report_have_no_axe_violation_in_light_and_dark(
    browser_context, live_server, site_settings, world, staff
):
    today = timezone.localdate()
    report = reverse("followup:report") + f"?start={today.year - 1}-01-01&end={today.year}-12-31"
    problems = []
    for scheme in ("light", "dark"):
        page = browser_context().new_page()
        page.emulate_media(color_scheme=scheme)
        _sign_in(page, live_server.url, "evaluator")
        assert page.locator(".fu-dashboard .fu-svg").count() >= 1
        _check(page, f"admin index (evaluator, {scheme})", problems)
        page.goto(live_server.url + report)
        assert "Late reporters" in page.locator("#content").inner_text()
        _check(page, f"yearly report (evaluator, {scheme})", problems)
    assert not problems, "\n".join(problems)


CSV = (
    "name,role,company,organisation_number,email,phone,municipality,sectors,focus_areas,"
    "scope,idea_reference\n"
    "Olle Ok,Owner,Ok AB,,olle@ok.example,,Northvik,Retail,,broad,\n"
    "Bad Row,Owner,,,not-an-address,,Nowhere,,,sometimes,\n"
)


def test_member_import_pages_have_no_axe_violation(
    browser_context, live_server, site_settings, world, staff, tmp_path
):
    MunicipalityFactory(name="Northvik")
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "boss")
    page.goto(live_server.url + reverse("admin:resourcebank_member_import"))
    problems = []
    _check(page, "member CSV import", problems)
    # No file: the browser stops that first (the input is required); the server's answer,
    # drawn with its error, is what an older browser or a lost file would get.
    page.get_by_label("CSV file").evaluate("input => input.removeAttribute('required')")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert page.locator("#content .errorlist").count() == 1
    _check(page, "member CSV import (no file)", problems)
    upload = tmp_path / "members.csv"
    upload.write_text(CSV)
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert page.locator("tr.import-error").count() == 1
    assert page.get_by_role("button", name="Import 1 member").count() == 1
    _check(page, "member CSV import preview (a row with errors)", problems)
    assert not problems, "\n".join(problems)


def test_editable_inline_rows_have_no_axe_violation(
    browser_context, live_server, site_settings, world, staff
):
    """Tabular inlines that no role above shows editable: documents and contact persons."""
    organisation = OrganisationFactory(name="Streets department")
    organisation.contacts.create(name="Stina Streets", email="stina@city.example")
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "boss")
    problems = []
    for label, path, rows in [
        (
            "knowledge-bank entry with its documents",
            reverse("admin:knowledgebank_entry_change", args=[world.entry.pk]),
            "#documents-group tr.has_original",
        ),
        (
            "municipal organisation with its contacts",
            reverse("admin:workgroups_organisation_change", args=[organisation.pk]),
            "#contacts-group tr.has_original",
        ),
    ]:
        page.goto(live_server.url + path)
        assert page.locator(rows).count() == 1, f"{label}: no inline row"
        _check(page, label, problems)
    assert not problems, "\n".join(problems)


def test_admin_login_with_a_wrong_password_has_no_axe_violation(
    browser_context, live_server, site_settings, world, staff
):
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener", password="not the password")
    assert page.locator(".errornote").count() == 1
    problems = []
    _check(page, "admin login (wrong password)", problems)
    assert not problems, "\n".join(problems)


# -- The keyboard ------------------------------------------------------------------------

ACTIVE = "() => document.activeElement"


def _tab_to(page, what: str, found_js: str, limit: int = 150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {found_js}; }}"):
            return
    raise AssertionError(f"{what} cannot be reached with Tab ({limit} presses)")


def _assert_focus_visible(page, what: str):
    """The focused element looks different from the same element unfocused."""
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
    )
    assert box["width"] and box["height"], f"{what}: focused but not on screen"
    clip = {
        "x": max(box["x"] - 4, 0),
        "y": max(box["y"] - 4, 0),
        "width": box["width"] + 8,
        "height": box["height"] + 8,
    }
    focused = page.screenshot(clip=clip)
    page.keyboard.press("Tab")
    unfocused = page.screenshot(clip=clip)
    page.keyboard.press("Shift+Tab")
    assert focused != unfocused, f"{what}: focus is not visible"


def test_a_screener_moves_an_idea_with_the_keyboard_alone(
    browser_context, live_server, site_settings, world, staff
):
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener")
    page.goto(live_server.url + reverse("admin:ideas_idea_change", args=[world.idea.pk]))

    # The skip link comes first and leads past the menus.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.textContent").strip() == "Skip to main content"
    _assert_focus_visible(page, "skip link")
    page.keyboard.press("Enter")
    _tab_to(page, "the move link", "el.textContent.trim() === 'Move to “In screening”'", 30)
    _assert_focus_visible(page, "move link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/move/"))

    _tab_to(page, "the stage", "el.id === 'id_to'")
    _assert_focus_visible(page, "stage select")
    page.keyboard.type("In screening")  # type-ahead in a closed select
    assert page.evaluate(f"{ACTIVE}.value") == "screening"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.id") == "id_note"
    page.keyboard.type("We start screening this week.")
    _tab_to(page, "the submit button", "el.type === 'submit'", 20)
    _assert_focus_visible(page, "submit button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/ideas/idea/{world.idea.pk}/change/$"))

    world.idea.refresh_from_db()
    assert world.idea.stage == Stage.SCREENING
    change = StageChange.objects.filter(idea=world.idea).latest("at")
    assert (change.to_stage, change.note) == (Stage.SCREENING, "We start screening this week.")
    assert "moved to “In screening”" in page.locator(".messagelist").inner_text()


def test_background_export_pages_have_no_axe_violation(
    browser_context, live_server, site_settings, world, staff, settings
):
    """Export for evaluation, large enough to run in the background: the form, then the job's
    progress page with its download link (tasks run eagerly here, so it is done at once)."""
    settings.MEETREGION_EXPORT_INLINE_MAX = 1
    page = browser_context().new_page()
    _sign_in(page, live_server.url, "screener")
    page.goto(live_server.url + reverse("admin:ideas_idea_changelist"))
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("export_for_evaluation")
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state()
    assert "built in the background" in page.locator("#content").inner_text()
    problems = []
    _check(page, "export form (background)", problems)
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_url(re.compile(r"/admin/followup/exports/\d+/$"))
    page.get_by_role("link", name="Download the file").wait_for()
    assert page.locator("progress").get_attribute("value") == page.locator(
        "progress"
    ).get_attribute("max")
    _check(page, "export job page (done)", problems)
    assert not problems, "\n".join(problems)
