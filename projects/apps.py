from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Ongoing projects")

    def ready(self):
        from . import search

        search.sources_register_defaults()
