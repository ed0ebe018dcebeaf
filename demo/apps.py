from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data, small (the quick start) and large (the benchmark). Each app describes its own
    rows in its `demo.py`; this app only composes them. It stands on every app."""

    name = "demo"
    verbose_name = _("Demo data")
