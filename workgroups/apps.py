from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Working groups")

    def ready(self):
        from core.caching import public_pages_register

        from .models import Participant, Report, WorkingGroup

        # A public group is shown as a project, with its latest public progress; who sits in
        # which group is also what the member suggestions kept for ideas are drawn from.
        public_pages_register(models=(WorkingGroup, Report, Participant))
