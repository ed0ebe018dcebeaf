from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffAuthConfig(AppConfig):
    """Staff sign-in: the organisation's provider (OpenID Connect), the claim mappings that
    give roles, sessions that end, and a second factor for local accounts."""

    name = "staffauth"
    verbose_name = _("Staff sign-in")

    def ready(self):
        from . import signals

        signals.connect()
