from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgebankConfig(AppConfig):
    name = "knowledgebank"
    verbose_name = _("Knowledge bank")
