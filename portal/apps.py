from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site's pages that draw on several apps: the home page, each municipality's
    page, the one search over everything public and the open-data API. It stands on every app
    and nothing stands on it."""

    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from core.caching import public_pages_register

        # Their content (municipalities, ideas, projects, entries, members, criteria) is
        # registered by the apps that own it.
        public_pages_register(views=("portal:home", "portal:municipality"))
