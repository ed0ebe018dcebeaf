from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.feeds import MunicipalityFeed

from .models import Entry


class EntryFeed(MunicipalityFeed):
    """New knowledge-bank entries, of the whole region or of `?municipality=<address name>`."""

    subtitle = gettext_lazy("Finished collaborations: results, experiences and lessons.")
    list_url_name = "knowledgebank:list"
    feed_url_name = "knowledgebank:feed"

    def title(self, obj):
        if obj is None:
            return _("New in the knowledge bank")
        return _("New in the knowledge bank from %(municipality)s") % {"municipality": obj.name}

    def rows(self):
        return Entry.objects.published().order_by("-published_at", "-pk")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
