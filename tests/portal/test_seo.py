"""Search and social previews: every public page describes itself (title, description, Open
Graph, Twitter card, canonical address, hreflang alternates that really serve their
language); sitemap.xml lists only what is public and published; robots.txt points to it."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.models import SiteSettings

from ..factories import (
    EntryFactory,
    IdeaFactory,
    MemberFactory,
    MunicipalityFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://portal.region.example"


@pytest.fixture(autouse=True)
def _language_restored():
    """Requests in other languages leave theirs active in this thread; the next test's
    translated fields (modeltranslation) would be written in it."""
    language = translation.get_language()
    yield
    translation.activate(language)


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.title = ""
        self._in_title = False
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        if tag == "link":
            self.links.append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(response) -> Head:
    parser = Head()
    parser.feed(response.text)
    return parser


@pytest.fixture
def public(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]
    site = SiteSettings.load()
    site.region_name = "Test Region"
    site.portal_name = "Meet Test Region"
    site.save()
    municipality = MunicipalityFactory(
        name="Northvik", slug="northvik", intro_en="The harbour town."
    )
    project = ProjectFactory(title="Harbour lights", summary="Lights along the harbour.")
    entry = EntryFactory(title="Shop windows", summary="What the shop windows taught us.")
    member = MemberFactory(name="Maja Member")
    idea = IdeaFactory(is_public=True, stage="accepted", title="A public idea")
    return {
        "municipality": municipality,
        "project": project,
        "entry": entry,
        "member": member,
        "idea": idea,
    }


def _public_pages(objects):
    return [
        reverse("portal:home"),
        objects["municipality"].get_absolute_url(),
        reverse("projects:list"),
        objects["project"].get_absolute_url(),
        reverse("projects:idea_detail", args=[objects["idea"].pk]),
        reverse("knowledgebank:list"),
        objects["entry"].get_absolute_url(),
        reverse("resourcebank:directory"),
        reverse("resourcebank:profile", args=[objects["member"].public_id]),
        reverse("resourcebank:join"),
        reverse("ideas:criteria"),
        reverse("ideas:create"),
        reverse("ideas:tracking_request"),
        reverse("search:search") + "?q=harbour",
        reverse("core:business_pilot"),
        reverse("core:accessibility"),
    ]


PAGES = range(16)


@pytest.mark.parametrize("index", PAGES)
def test_every_public_page_describes_itself(client, public, index):
    path = _public_pages(public)[index]
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 200, path
    page = head(response)
    assert page.title.strip()
    (description,) = page.meta["description"]
    assert 10 <= len(description) <= 160
    for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale"):
        assert page.meta[key][0].strip(), (path, key)
    for key in ("twitter:card", "twitter:title", "twitter:description"):
        assert page.meta[key][0].strip(), (path, key)
    assert page.meta["og:description"] == [description]
    (canonical,) = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    # From SITE_URL, never from the Host header.
    assert canonical == SITE + path
    assert page.meta["og:url"] == [canonical]
    alternates = {
        link["hreflang"]: link["href"]
        for link in page.links
        if link.get("rel") == "alternate" and "hreflang" in link
    }
    assert set(alternates) == {"en", "sv", "nb", "x-default"}
    assert alternates["x-default"] == canonical
    joiner = "&" if "?" in path else "?"
    for code in ("en", "sv", "nb"):
        assert alternates[code] == f"{SITE}{path}{joiner}lang={code}"
    assert "robots" not in page.meta


@pytest.mark.parametrize("index", PAGES)
@pytest.mark.parametrize("language", ["en", "sv", "nb"])
def test_each_hreflang_alternate_serves_its_language(client, public, index, language):
    path = _public_pages(public)[index]
    # Whatever language the visitor's cookie asks for, the alternate answers in its own.
    client.cookies["django_language"] = "nb" if language != "nb" else "sv"
    alternates = {
        link["hreflang"]: link["href"]
        for link in head(client.get(path)).links
        if link.get("rel") == "alternate" and "hreflang" in link
    }
    response = client.get(alternates[language].removeprefix(SITE))
    assert response.status_code == 200
    page = head(response)
    assert page.lang == language
    assert response["Content-Language"] == language
    (canonical,) = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == alternates[language]


def test_the_page_titles_and_descriptions_are_the_pages_own(client, public):
    page = head(client.get(public["project"].get_absolute_url()))
    assert page.title == "Harbour lights · Test Region"
    assert page.meta["og:title"] == ["Harbour lights · Test Region"]
    assert page.meta["description"] == ["Lights along the harbour."]
    assert page.meta["og:type"] == ["article"]
    page = head(client.get(public["municipality"].get_absolute_url()))
    assert page.meta["description"] == ["The harbour town."]


def test_a_description_in_swedish_on_the_swedish_alternate(client, public):
    page = head(client.get(reverse("knowledgebank:list") + "?lang=sv"))
    assert page.meta["og:locale"] == ["sv_SE"]
    assert set(page.meta["og:locale:alternate"]) == {"en_GB", "nb_NO"}
    assert page.meta["description"][0].startswith("Avslutade samverkansprojekt")


def test_a_long_description_is_cut_to_160_characters(client, public):
    project = ProjectFactory(title="Long", summary="word " * 100)
    (description,) = head(client.get(project.get_absolute_url())).meta["description"]
    assert len(description) <= 160
    assert description.endswith("…")


def test_a_projects_picture_is_its_preview_image_and_the_logo_the_rest(
    client, public, settings, tmp_path
):
    from tests.core.test_pictures import photo

    settings.MEDIA_ROOT = str(tmp_path)
    project = public["project"]
    project.image = photo(1600, 900)
    project.image_alt = "Lights along the quay"
    project.save()
    page = head(client.get(project.get_absolute_url()))
    (image,) = page.meta["og:image"]
    assert image.startswith(SITE + "/pictures/") and image.endswith(".webp")
    assert page.meta["og:image:alt"] == ["Lights along the quay"]
    assert page.meta["twitter:card"] == ["summary_large_image"]
    assert page.meta["twitter:image"] == [image]
    # Without a picture of its own a page shows the region's logo, as a small card.
    page = head(client.get(public["entry"].get_absolute_url()))
    assert "og:image" not in page.meta
    assert page.meta["twitter:card"] == ["summary"]
    site = SiteSettings.load()
    site.logo = photo(400, 200, name="logo.png")
    site.save()
    page = head(client.get(public["entry"].get_absolute_url()))
    assert page.meta["og:image"][0].startswith(SITE + "/pictures/images/sitesettings/")
    assert page.meta["twitter:card"] == ["summary"]
    assert "og:image:alt" not in page.meta


def test_a_private_link_page_says_noindex_and_gives_no_preview(client, public):
    from tests.security.conftest import _submit

    _idea, token = _submit()
    response = client.get(reverse("ideas:track", args=[token]))
    page = head(response)
    assert page.meta["robots"] == ["noindex, nofollow"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "og:url" not in page.meta
    assert not [link for link in page.links if link.get("rel") == "canonical"]


def test_changing_language_drops_the_lang_of_the_page_left(client):
    response = client.get(
        reverse("core:language"), {"language": "nb", "next": "/projects/?lang=sv&page=2"}
    )
    assert response["Location"] == "/projects/?page=2"
    assert client.get("/projects/?page=1").headers["Content-Language"] == "nb"


def _sitemap_locations(response) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", response.text)


def test_the_sitemap_lists_what_is_public_and_published(client, public):
    hidden_project = ProjectFactory(title="Hidden", is_public=False)
    draft = EntryFactory(title="Draft", status="draft", published_at=None)
    inactive = MunicipalityFactory(name="Switched off", slug="switched-off", is_active=False)
    response = client.get("/sitemap.xml", HTTP_HOST="evil.example")
    assert response.status_code == 200
    locations = _sitemap_locations(response)
    for url in (
        "/",
        "/projects/",
        "/knowledge-bank/",
        "/resource-bank/",
        reverse("ideas:create"),
        public["project"].get_absolute_url(),
        public["entry"].get_absolute_url(),
        public["municipality"].get_absolute_url(),
    ):
        assert SITE + url in locations
    for url in (
        hidden_project.get_absolute_url(),
        draft.get_absolute_url(),
        inactive.get_absolute_url(),
        reverse("projects:idea_detail", args=[public["idea"].pk]),
        reverse("resourcebank:profile", args=[public["member"].public_id]),
    ):
        assert SITE + url not in locations
    assert not [
        url for url in locations if "/admin/" in url or "/track/" in url or "/groups/" in url
    ]
    project_url = SITE + public["project"].get_absolute_url()
    for code in ("en", "sv", "nb"):
        assert f'hreflang="{code}" href="{project_url}?lang={code}"' in response.text
    assert f'hreflang="x-default" href="{project_url}"' in response.text


def test_the_sitemap_takes_a_bounded_number_of_queries(client, public):
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for i in range(10):
        ProjectFactory(title=f"More {i}")
        EntryFactory(title=f"More {i}")
        MunicipalityFactory(name=f"More {i}", slug=f"more-{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap.xml")
    # Per sitemap: a count and one page of rows, whatever the number of rows.
    assert len(many) == len(few) <= 8


def test_robots_txt_points_to_the_sitemap_and_keeps_out_private_links(client, public):
    response = client.get("/robots.txt", HTTP_HOST="evil.example")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    for prefix in (
        "/admin/",
        "/ideas/track/*/",
        "/groups/report/",
        "/groups/invitations/",
        "/resource-bank/me/",
    ):
        assert f"Disallow: {prefix}" in lines
    disallowed = [
        re.compile(re.escape(line.split(": ", 1)[1]).replace(r"\*", ".*"))
        for line in lines
        if line.startswith("Disallow: ")
    ]
    for path in _public_pages(public):
        assert not [rule for rule in disallowed if rule.match(path)], path
    assert [rule for rule in disallowed if rule.match("/ideas/track/abc123/")]
    assert [rule for rule in disallowed if rule.match("/resource-bank/sign-in/abc123/")]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_robots_and_sitemap_refuse_other_methods(client, method):
    assert getattr(client, method)("/robots.txt").status_code == 405


def test_the_page_cache_keeps_each_alternate_in_its_language(client, public, settings):
    settings.MEETREGION_PAGE_CACHE_SECONDS = 60
    client.cookies["django_language"] = "nb"
    assert client.get("/projects/").headers["Content-Language"] == "nb"
    for _ in range(2):
        response = client.get("/projects/?lang=sv")
        assert response.headers["Content-Language"] == "sv"
        assert '<html lang="sv">' in response.text
    assert response.headers["X-Page-Cache"] == "hit"
    assert '<html lang="nb">' in client.get("/projects/").text
