"""Which language a request is answered in.

The interface language normally follows the visitor: the language cookie set by
`core:language`, then Accept-Language (Django's LocaleMiddleware). Addresses are not
language-prefixed. For search engines and shared links every public page can also be asked
for in one language with `?lang=<code>` (`sv`, `nb`, `en`): that request is answered in that
language whatever the cookie says, and nothing is stored. These are the `hreflang`
alternates each page names (core/seo.py), so each alternate really serves its language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

QUERY_PARAMETER = "lang"


def language_from_query(request) -> str | None:
    code = request.GET.get(QUERY_PARAMETER, "")
    return code if code in dict(settings.LANGUAGES) else None


def request_language(request) -> str:
    """The language the request will be answered in (what LocaleMiddleware activates)."""
    return language_from_query(request) or translation.get_language_from_request(request)


class QueryLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware that lets `?lang=<code>` choose the language of one request."""

    def process_request(self, request):
        code = language_from_query(request)
        if code is None:
            return super().process_request(request)
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
        return None
