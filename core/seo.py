"""What a public page tells search engines and link previews about itself.

Every page's `<head>` (templates/includes/meta.html) carries a description, Open Graph and
Twitter card tags, a canonical address and the `hreflang` alternates. Addresses are built
from `SITE_URL`, never from the Host header a request happens to carry. A page's own address
is its canonical one (with its query string, less `lang`); the alternates are the same
address with `?lang=sv`, `?lang=nb`, `?lang=en`, each answered in that language
(core/languages.py), and `x-default` is the plain address, answered in the visitor's own
language.
"""

from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .languages import QUERY_PARAMETER, language_from_query

DESCRIPTION_LENGTH = 160
# Open Graph wants territory-qualified locales.
OG_LOCALES = {"en": "en_GB", "sv": "sv_SE", "nb": "nb_NO"}


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical: str
    x_default: str
    alternates: list[tuple[str, str]]
    locale: str
    locale_alternates: list[str]
    image: str = ""
    type: str = "website"
    extra: dict = field(default_factory=dict)


def site_origin() -> str:
    """scheme://host[:port] of SITE_URL."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def absolute_url(path_or_url: str) -> str:
    if not path_or_url or urlsplit(path_or_url).scheme:
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return site_origin() + path_or_url


def plain_text(html: str, *, limit: int | None = None) -> str:
    """Rendered template output as one line of plain text (escaped again on output)."""
    text = " ".join(unescape(strip_tags(str(html))).split())
    return Truncator(text).chars(limit) if limit else text


def _address(path: str, params: list[tuple[str, str]]) -> str:
    return absolute_url(path) + (f"?{urlencode(params)}" if params else "")


def default_description(site) -> str:
    return _(
        "%(portal)s: where businesses and the municipalities of %(region)s work together. "
        "Submit an idea, see the projects under way and learn from finished collaborations."
    ) % {"portal": site.portal_name, "region": site.region_name}


def page_meta(request, *, site, title: str, description: str = "", image: str = "") -> PageMeta:
    params = [(k, v) for k, v in request.GET.items() if k != QUERY_PARAMETER]
    path = request.path
    current = language_from_query(request)
    codes = [code for code, _name in settings.LANGUAGES]
    alternates = [(code, _address(path, [*params, (QUERY_PARAMETER, code)])) for code in codes]
    canonical = dict(alternates)[current] if current else _address(path, params)
    language = get_language() or settings.LANGUAGE_CODE
    return PageMeta(
        title=f"{plain_text(title) or site.portal_name} · {site.region_name}",
        description=plain_text(description, limit=DESCRIPTION_LENGTH)
        or plain_text(default_description(site), limit=DESCRIPTION_LENGTH),
        canonical=canonical,
        x_default=_address(path, params),
        alternates=alternates,
        locale=OG_LOCALES.get(language, language),
        locale_alternates=[OG_LOCALES.get(c, c) for c in codes if c != language],
        image=absolute_url(plain_text(image)),
    )
