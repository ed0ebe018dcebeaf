"""sitemap.xml: the public, published pages only, with their language alternates.

No ideas (not even public ones), no members, no private links, nothing of the admin. Each
address carries the `hreflang` alternates the pages themselves name (core/seo.py): the same
address with `?lang=<code>`, answered in that language, and the plain address as x-default.
Addresses come from SITE_URL, not from the Host header of the request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.languages import QUERY_PARAMETER
from core.models import Municipality
from knowledgebank.models import Entry
from projects.models import Project


class SiteUrlSitemap(Sitemap):
    limit = 5000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            location = url["location"]
            url["alternates"] = [
                {"location": f"{location}?{QUERY_PARAMETER}={code}", "lang_code": code}
                for code, _name in settings.LANGUAGES
            ] + [{"location": location, "lang_code": "x-default"}]
        return urls


class PagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    names = (
        "portal:home",
        "projects:list",
        "knowledgebank:list",
        "resourcebank:directory",
        "resourcebank:join",
        "ideas:criteria",
        "ideas:create",
        "core:business_pilot",
        "core:accessibility",
    )

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Municipality.objects.active().only("slug").order_by("order", "name")


class ProjectSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Project.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class EntrySitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Entry.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "municipalities": MunicipalitySitemap,
    "projects": ProjectSitemap,
    "knowledge-bank": EntrySitemap,
}
