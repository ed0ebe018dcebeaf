from django.conf import settings
from django.db import transaction

from .mail import mail_queue
from .models import SiteSettings


class NoRecipient(Exception):
    """The business unit has no e-mail address in the site settings."""


def accessibility_report_send(*, description: str, page: str, name: str, email: str, language: str):
    """Queue the report to the business unit, in the portal's default language."""
    recipient = SiteSettings.load().business_unit_email
    if not recipient:
        raise NoRecipient
    with transaction.atomic():
        return mail_queue(
            to=recipient,
            template="accessibility_report",
            context={
                "description": description,
                "page": page,
                "name": name,
                "email": email,
                "reporter_language": language,
            },
            language=settings.LANGUAGE_CODE,
        )
