from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Working groups")

    def ready(self):
        from core.caching import public_pages_register

        from .models import Report, WorkingGroup

        # A public group is shown as a project, with its latest public progress.
        public_pages_register(models=(WorkingGroup, Report))
