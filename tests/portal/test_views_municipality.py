"""Each municipality's public page (/m/<address name>/) and the region's home page listing them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.caching import CACHED_VIEWS
from core.models import Municipality, SiteSettings

from ..factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_url_contract(region):
    assert reverse("portal:municipality", kwargs={"slug": "northvik"}) == "/m/northvik/"
    assert region.north.get_absolute_url() == "/m/northvik/"


def test_anonymous_sees_the_business_unit_and_the_business_pilot(client, region):
    response = client.get("/m/northvik/")
    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and "Northvik" in text
    assert "The harbour town of the region." in text
    for detail in (
        "Northvik Business Office",
        "mailto:business@northvik.example",
        "Northvik Business Pilot",
        "Permits for shops and restaurants.",
        "tel:+46401122" + "33",
        "mailto:pilot@northvik.example",
        "https://northvik.example/pilot",
        "Weekdays 9-16",
    ):
        assert detail in text, detail
    assert 'href="/business-pilot/?m=northvik"' in text


def test_the_page_links_to_submitting_an_idea_for_the_municipality(client, region):
    text = client.get("/m/northvik/").text
    assert 'href="/ideas/new/?municipality=northvik"' in text
    assert "Submit an idea for Northvik" in text


def test_the_criteria_are_the_regions_and_its_own(client, region):
    response = client.get("/m/northvik/")
    assert [c.title for c in response.context["page"].criteria] == [
        "Region criterion",
        "Northvik criterion",
    ]
    assert "Southby criterion" not in response.text
    assert "Unpublished Northvik criterion" not in response.text


def test_the_figures_count_what_concerns_the_municipality(client, region):
    north = client.get("/m/northvik/").context["page"].figures
    # Ideas filed about it (the unfiled one has no reference), public ongoing projects of it
    # (the shared one included, the finished and the private not), its active members.
    assert (north.ideas_received, north.active_projects, north.members) == (3, 2, 1)
    south = client.get("/m/southby/").context["page"].figures
    assert (south.ideas_received, south.active_projects, south.members) == (1, 2, 1)


def test_the_figures_are_an_accessible_definition_list(client, region):
    text = client.get("/m/northvik/").text
    section = text.split('aria-labelledby="figures-heading"')[1].split("</section>")[0]
    assert "<dl" in section and "<dt" in section and "<dd" in section
    assert "Ideas received" in section and "Members in the resource bank" in section


def test_latest_projects_and_entries_are_the_municipalitys_own_and_shared(client, region):
    page = client.get("/m/northvik/").context["page"]
    assert {p.title for p in page.latest_projects} == {
        "North harbour project",
        "Shared harbour project",
    }
    assert {e.title for e in page.latest_entries} == {
        "North harbour entry",
        "Shared harbour entry",
    }


def test_the_page_links_to_the_lists_and_feeds_of_the_municipality(client, region):
    text = client.get("/m/northvik/").text
    for url in (
        "/projects/?municipality=northvik",
        "/knowledge-bank/?municipality=northvik",
        "/resource-bank/?municipality=northvik",
        "/projects/feed/?municipality=northvik",
        "/knowledge-bank/feed/?municipality=northvik",
    ):
        assert f'href="{url}"' in text, url


def test_a_logo_is_shown_when_there_is_one(client, region, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert "municipality-logo" not in client.get("/m/northvik/").text
    region.north.logo.save("northvik.png", ContentFile(PNG))
    text = client.get("/m/northvik/").text
    region.north.refresh_from_db()
    # Served in its sizes through the public picture view (core.images), not the bare upload.
    small = region.north.logo_renditions["sizes"][0]["name"]
    assert 'class="municipality-logo"' in text and f"/pictures/{small}" in text


def test_an_unknown_municipality_is_not_found(client, region):
    assert client.get("/m/nowhere/").status_code == 404


def test_an_inactive_municipality_is_not_found(client, region):
    assert client.get("/m/hiddenby/").status_code == 404


def test_wrong_methods_are_refused(client, region):
    assert client.post("/m/northvik/").status_code == 405
    assert client.put("/m/northvik/").status_code == 405
    assert client.delete("/m/northvik/").status_code == 405


def test_a_municipality_with_nothing_yet_still_has_its_page(client, db):
    MunicipalityFactory(name="Emptyvik")
    response = client.get("/m/emptyvik/")
    assert response.status_code == 200
    figures = response.context["page"].figures
    assert (figures.ideas_received, figures.active_projects, figures.members) == (0, 0, 0)
    assert "No public projects yet." in response.text


def test_the_page_is_cached_and_a_change_is_visible_at_once(client, region, settings):
    assert "portal:municipality" in CACHED_VIEWS
    settings.MEETREGION_PAGE_CACHE_SECONDS = 60
    SiteSettings.load()  # created on first use, which counts as a content change
    assert client.get("/m/northvik/")["X-Page-Cache"] == "miss"
    assert client.get("/m/northvik/")["X-Page-Cache"] == "hit"
    region.north.intro = "A new introduction."
    region.north.save()
    response = client.get("/m/northvik/")
    assert response["X-Page-Cache"] == "miss" and "A new introduction." in response.text
    region.north.is_active = False
    region.north.save()
    assert client.get("/m/northvik/").status_code == 404


def test_the_page_speaks_swedish_and_norwegian(client, region):
    for language in ("sv", "nb"):
        response = client.get("/m/northvik/", headers={"accept-language": language})
        assert response["Content-Language"] == language
        assert "Submit an idea for Northvik" not in response.text


# --------------------------------------------------------------------- the home page


def test_home_lists_the_active_municipalities_in_order_with_links(client, region):
    response = client.get("/")
    assert [m.name for m in response.context["municipalities"]] == ["Northvik", "Southby"]
    text = response.text
    assert 'href="/m/northvik/"' in text and 'href="/m/southby/"' in text
    assert "/m/hiddenby/" not in text
    assert text.index('href="/m/northvik/"') < text.index('href="/m/southby/"')


def test_home_without_municipalities_has_no_empty_list(client, db):
    Municipality.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="municipalities-heading"' not in response.text
