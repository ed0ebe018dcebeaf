"""Atom feeds of the public lists, narrowed like the lists by `?municipality=<address name>`."""

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode

from .filters import PARAM, municipality_narrow, municipality_param
from .models import Municipality


class MunicipalityFeed(Feed):
    """A subclass names its list and itself (`list_url_name`, `feed_url_name`), its rows (`rows()`, newest first) and its
    titles; the feed of one municipality links to the list of that municipality."""

    feed_type = Atom1Feed
    list_url_name = ""
    feed_url_name = ""
    limit = 20

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs) -> Municipality | None:
        try:
            return municipality_param(request.GET)
        except ValidationError as error:
            raise Http404("No such municipality.") from error

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def items(self, obj):
        return municipality_narrow(self.rows(), obj)[: self.limit]

    def link(self, obj):
        return self._with_municipality(reverse(self.list_url_name), obj)

    def feed_url(self, obj):
        return self._with_municipality(reverse(self.feed_url_name), obj)

    @staticmethod
    def _with_municipality(url: str, obj) -> str:
        return f"{url}?{urlencode({PARAM: obj.slug})}" if obj is not None else url
