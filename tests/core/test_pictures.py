"""Pictures (issue 17): alternative text required beside the field, EXIF gone, sizes made once
and served with srcset, width and height; the region's and a municipality's colour checked for
contrast and served as a stylesheet of its own."""

import io

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.colours import contrast_ratio, theme_stylesheet, validate_primary_colour
from core.models import Municipality, SiteSettings
from projects.models import Project

from ..factories import EntryFactory, FocusAreaFactory, MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CAMERA_MODEL = 0x0110
ORIENTATION = 0x0112
GPS = 0x8825


def photo(width=1600, height=900, *, rotated=False, name="photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[CAMERA_MODEL] = "Secret Camera"
    if rotated:
        exif[ORIENTATION] = 6  # stored sideways: turn 90° clockwise to show
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_picture_without_alternative_text_is_refused_beside_that_field():
    project = ProjectFactory()
    project.image = photo()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "image_alt" in error.value.message_dict


@pytest.mark.parametrize("model", ["projects.Project", "knowledgebank.Entry", "core.Municipality"])
def test_the_admin_form_shows_the_missing_alternative_text_beside_the_field(model, rf, screener):
    from django.apps import apps

    model_class = apps.get_model(model)
    model_admin = admin_site._registry[model_class]
    request = rf.get("/")
    request.user = screener
    form_class = model_admin.get_form(request, fields=["image", "image_alt"])
    form = form_class(data={"image_alt": "  "}, files={"image": photo()})
    assert not form.is_valid()
    assert "alternative text is required" in str(form.errors["image_alt"])


def test_a_saved_picture_loses_its_exif_and_gets_its_sizes_upright():
    project = ProjectFactory()
    project.image = photo(1600, 900, rotated=True)
    project.image_alt = "A blue square"
    project.full_clean()
    project.save()
    project.refresh_from_db()
    stored = Image.open(project.image.path)
    assert dict(stored.getexif()) == {}
    assert stored.size == (900, 1600)  # turned as the camera meant
    sizes = project.image_renditions["sizes"]
    assert [s["width"] for s in sizes] == [320, 640, 900]
    for size in sizes:
        rendition = Image.open(project.image.storage.path(size["name"]))
        assert rendition.format == "WEBP" and "exif" not in rendition.info
        assert rendition.size == (size["width"], size["height"])


def test_clearing_the_picture_clears_its_sizes():
    project = ProjectFactory(image=photo(), image_alt="Blue")
    assert project.image_sizes
    project.image = None
    project.save()
    project.refresh_from_db()
    assert project.image_renditions == {} and project.image_sizes == []


def test_a_size_is_served_for_a_year_and_nothing_outside_the_picture_folders(client):
    project = ProjectFactory(image=photo(), image_alt="Blue")
    name = project.image_renditions["sizes"][0]["name"]
    response = client.get(reverse("core:image", kwargs={"name": name}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "max-age=31536000" in response["Cache-Control"]
    for bad in ("documents/report.pdf", "images/../documents/x.png", "images/project/x.txt"):
        assert client.get(reverse("core:image", kwargs={"name": bad})).status_code == 404
    assert client.get(reverse("core:image", kwargs={"name": "images/none.webp"})).status_code == 404


def test_lists_show_thumbnails_with_srcset_size_and_lazy_loading(client):
    project = ProjectFactory(title="Harbour walk", image=photo(), image_alt="The harbour at dusk")
    project.refresh_from_db()
    EntryFactory(title="Lights", image=photo(name="lights.jpg"), image_alt="Lights over a street")
    projects = client.get(reverse("projects:list")).text
    assert 'alt="The harbour at dusk"' in projects
    assert 'srcset="/pictures/images/project/' in projects and " 320w" in projects
    assert 'width="320" height="180"' in projects and 'loading="lazy"' in projects
    assert 'alt="Lights over a street"' in client.get(reverse("knowledgebank:list")).text
    detail = client.get(project.get_absolute_url()).text
    # The page's main picture is fetched at once, not lazily.
    assert 'alt="The harbour at dusk"' in detail and 'fetchpriority="high"' in detail


def test_the_home_page_shows_the_latest_results_with_their_pictures_and_charts(client):
    EntryFactory(title="Lights", image=photo(), image_alt="Lights over a street", year=2023)
    EntryFactory(title="Food", year=2024)
    home = client.get(reverse("portal:home")).text
    assert 'alt="Lights over a street"' in home
    # The chart and the table with the same figures, as on the dashboard.
    assert 'id="chart-results-per-year-caption"' in home
    assert "<caption>Finished collaborations per year (figures)</caption>" in home
    assert '<th scope="row">2023</th><td class="fu-num">1</td>' in home


def test_a_municipality_page_shows_its_picture_and_charts(client):
    municipality = MunicipalityFactory(name="Northvik", image=photo(), image_alt="The quay")
    project = ProjectFactory(is_public=True)
    project.municipalities.add(municipality)
    project.focus_areas.add(FocusAreaFactory(name="Harbour life"))
    text = client.get(municipality.get_absolute_url()).text
    assert 'alt="The quay"' in text
    assert "<caption>Ongoing projects per focus area (figures)</caption>" in text
    assert '<th scope="row">Harbour life</th><td class="fu-num">1</td>' in text


@pytest.mark.parametrize("colour", ["#ffcc00", "#4a90e2", "#777777"])
def test_a_colour_white_text_cannot_sit_on_is_refused(colour):
    with pytest.raises(ValidationError) as error:
        validate_primary_colour(colour)
    assert error.value.code == "low_contrast"
    assert "4.5:1" in str(error.value.messages[0])


@pytest.mark.parametrize("colour", ["0b5cab", "#0b5cag", "#0b5", "blue", ""])
def test_a_colour_that_is_not_hex_is_refused(colour):
    with pytest.raises(ValidationError) as error:
        validate_primary_colour(colour)
    assert error.value.code == "invalid_colour"


def test_the_site_settings_form_says_why_a_colour_is_refused_beside_the_field(rf, screener):
    site = SiteSettings.load()
    site.primary_colour = "#ffcc00"
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_the_default_and_the_demo_colours_pass():
    for colour in ("#0b5cab", "#1d6b34", "#8a3b12"):
        validate_primary_colour(colour)
        assert contrast_ratio(colour, "#ffffff") >= 4.5


def test_the_theme_stylesheet_is_the_colour_and_is_cached_for_a_year(client):
    response = client.get(reverse("core:theme", kwargs={"colour": "1d6b34"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "--mr-primary:#1d6b34" in response.text
    assert "immutable" in response["Cache-Control"]
    assert response.text == theme_stylesheet("#1d6b34")
    assert client.get(reverse("core:theme", kwargs={"colour": "ffcc00"})).status_code == 404
    assert client.get(reverse("core:theme", kwargs={"colour": "zz"})).status_code == 404


def test_the_regions_colour_and_logo_reach_every_page(client):
    site = SiteSettings.load()
    site.primary_colour = "#1d6b34"
    site.logo = photo(400, 200, name="logo.png")
    site.favicon = photo(300, 300, name="favicon.png")
    site.save()
    text = client.get(reverse("projects:list")).text
    assert 'href="/theme/1d6b34.css"' in text
    assert '<a class="mr-brand" href="/"><img src="/pictures/images/sitesettings/' in text
    assert 'rel="icon" type="image/png" sizes="32x32"' in text
    assert SiteSettings.load().favicon_renditions["sizes"][0]["width"] == 32


def test_a_municipality_page_uses_its_own_colour_and_the_rest_the_regions(client):
    municipality = MunicipalityFactory(name="Southby", primary_colour="#8a3b12")
    assert 'href="/theme/8a3b12.css"' in client.get(municipality.get_absolute_url()).text
    assert "/theme/" not in client.get(reverse("portal:home")).text  # the default colour
    assert Municipality.objects.get(pk=municipality.pk).primary_colour == "#8a3b12"


def test_the_default_colour_needs_no_extra_stylesheet(client):
    assert "/theme/" not in client.get(reverse("projects:list")).text
    assert Project.objects.count() == 0
