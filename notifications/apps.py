from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core.mail import mail_queue_provide

        from .services import email_queue

        # Core's own services (the accessibility report) queue e-mail through this.
        mail_queue_provide(email_queue)
