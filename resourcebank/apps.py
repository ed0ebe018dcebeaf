from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcebankConfig(AppConfig):
    name = "resourcebank"
    verbose_name = _("Resource bank")
