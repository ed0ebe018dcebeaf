from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Ongoing projects")

    def ready(self):
        from core.caching import public_pages_register
        from core.search import SearchSource, source_register

        from .models import Project

        public_pages_register(views=("projects:list", "projects:detail"), models=(Project,))

        source_register(
            SearchSource(
                key="project",
                order=10,
                label=_("Project"),
                label_plural=_("Projects"),
                queryset=lambda: Project.objects.public(),
                body_fields=Project.SEARCH_BODY_FIELDS,
                meta=lambda p: p.get_status_display(),
            )
        )
