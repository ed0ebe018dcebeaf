from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from .caching import content_signals_connect

        content_signals_connect()
