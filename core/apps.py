from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def roles_after_migrate(sender, app_config, using, **kwargs):
    """Every `migrate` (the first deploy included) creates the staff roles and sets their
    permissions as core/roles.py defines them. post_migrate comes once per app; this acts on the
    last app's, when every app's permissions exist."""
    if app_config is not list(apps.get_app_configs())[-1]:
        return
    from django.contrib.auth.management import create_permissions

    from .roles import roles_ensure

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    roles_ensure()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from .caching import public_pages_register
        from .models import FocusArea, Municipality, SiteSettings

        public_pages_register(
            views=("core:business_pilot",), models=(SiteSettings, FocusArea, Municipality)
        )
        post_migrate.connect(roles_after_migrate, dispatch_uid="core.roles_after_migrate")
