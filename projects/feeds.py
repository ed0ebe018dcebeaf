from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.feeds import MunicipalityFeed

from .models import Project


class ProjectFeed(MunicipalityFeed):
    """New public projects, of the whole region or of `?municipality=<address name>`."""

    subtitle = gettext_lazy("Ongoing projects and initiatives, newest first.")
    list_url_name = "projects:list"
    feed_url_name = "projects:feed"

    def title(self, obj):
        if obj is None:
            return _("New projects")
        return _("New projects in %(municipality)s") % {"municipality": obj.name}

    def rows(self):
        return Project.objects.public().order_by("-created_at", "-pk")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
