"""How the foundation sends e-mail without knowing the outbox.

The outbox lives in `notifications`, which stands on core. At start-up it hands core its
queueing function (`mail_queue_provide(email_queue)` in its AppConfig.ready); core's own
services then call `mail_queue(...)`, which stores the message in the caller's transaction
exactly as every other e-mail of the portal is stored.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_queue: Callable | None = None


def mail_queue_provide(queue: Callable) -> None:
    global _queue
    _queue = queue


def mail_queue(*, to: str, template: str, context: dict, language: str, **options):
    """Queue `templates/emails/<template>.*` to `to` in `language`; returns the stored row."""
    if _queue is None:
        raise ImproperlyConfigured("No e-mail outbox: is 'notifications' in INSTALLED_APPS?")
    return _queue(to=to, template=template, context=context, language=language, **options)
