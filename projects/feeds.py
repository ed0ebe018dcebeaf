from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Project


class ProjectFeed(Feed):
    feed_type = Atom1Feed
    title = _("New projects")
    subtitle = _("Ongoing projects and initiatives, newest first.")
    link = reverse_lazy("projects:list")

    def items(self):
        return Project.objects.public().order_by("-created_at")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
