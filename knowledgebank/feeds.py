from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Entry


class EntryFeed(Feed):
    feed_type = Atom1Feed
    title = _("New in the knowledge bank")
    subtitle = _("Finished collaborations: results, experiences and lessons.")
    link = reverse_lazy("knowledgebank:list")

    def items(self):
        return Entry.objects.published().order_by("-published_at", "-pk")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
