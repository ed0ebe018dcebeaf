"""The e-mail outbox: queue a message in the caller's transaction, deliver it from a task."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.doorbell import task_ring

from .models import Email

logger = logging.getLogger(__name__)


def email_sender(email: Email) -> str:
    """DEFAULT_FROM_EMAIL's address (the one the portal may send from), under the name of the
    business unit the message is from, if it has one."""
    if not email.sender_name:
        return settings.DEFAULT_FROM_EMAIL
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((email.sender_name, address))


def email_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `templates/emails/<template>.{subject.txt,txt,html}` in the given language."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}.subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    related=None,
    redact_after_send: bool = False,
    unit=None,
) -> Email:
    """Store the message now; hand it to a worker once the surrounding transaction commits.

    `unit` is the business unit the message is from (a core.Municipality, or the region's
    SiteSettings, the default): templates sign with `unit`, and the message carries its name
    and replies go to its address."""
    from core.models import SiteSettings

    site = SiteSettings.load()
    unit = unit or site
    context = {"site_url": settings.SITE_URL, "site": site, "unit": unit, **context}
    subject, text, html = email_render(template=template, context=context, language=language)
    email = Email.objects.create(
        kind=template,
        to=to,
        language=language,
        subject=subject[:255],
        sender_name=unit.business_unit_name[:160],
        reply_to=unit.business_unit_email,
        body_text=text,
        body_html=html,
        redact_after_send=redact_after_send,
        content_type=ContentType.objects.get_for_model(related) if related is not None else None,
        object_id=str(related.pk) if related is not None else "",
    )
    transaction.on_commit(partial(email_dispatch, email_id=email.pk))
    return email


def email_dispatch(*, email_id: int, countdown: int | None = None) -> bool:
    """Ring the doorbell; the sweep sends what it could not queue."""
    return task_ring(
        "notifications.tasks.email_send", email_id, what=f"e-mail {email_id}", countdown=countdown
    )


@dataclass(frozen=True)
class Delivery:
    outcome: str  # "sent", "skipped", "retry", "failed"
    retry_in: int | None = None


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _backoff(attempts: int) -> int:
    return settings.MEETREGION_EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)


def email_deliver(*, email_id: int, worker_id: str = "") -> Delivery:
    """Claim the row with a conditional update and send it once.

    Only one caller can win the claim, so a repeated or duplicated task sends nothing twice.
    A redelivered task (same id, after its worker died mid-send) may take back its own claim.
    """
    now = timezone.now()
    claimable = Q(status=Email.Status.PENDING, next_attempt_at__lte=now)
    if worker_id:
        claimable |= Q(status=Email.Status.SENDING, claimed_by=worker_id)
    claimed = Email.objects.filter(claimable, pk=email_id).update(
        status=Email.Status.SENDING,
        claimed_at=now,
        claimed_by=worker_id,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return Delivery("skipped")
    email = Email.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email_sender(email),
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        return _delivery_failed(email, error)
    updates = {"status": Email.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.redact_after_send:
        updates.update(body_text="", body_html="")
    Email.objects.filter(pk=email.pk).update(**updates)
    return Delivery("sent")


def _delivery_failed(email: Email, error: Exception) -> Delivery:
    description = f"{type(error).__name__}: {error}"[:2000]
    if _is_permanent(error) or email.attempts >= settings.MEETREGION_EMAIL_MAX_ATTEMPTS:
        logger.error("E-mail %s failed for good: %s", email.pk, description)
        Email.objects.filter(pk=email.pk).update(status=Email.Status.FAILED, last_error=description)
        return Delivery("failed")
    delay = _backoff(email.attempts)
    logger.warning(
        "E-mail %s failed (attempt %s), retrying in %ss", email.pk, email.attempts, delay
    )
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=description,
        claimed_by="",
    )
    return Delivery("retry", retry_in=delay)


def emails_release_stale_claims() -> int:
    """Rows claimed by a worker that died before marking them go back to pending."""
    cutoff = timezone.now() - timedelta(seconds=settings.MEETREGION_EMAIL_CLAIM_TIMEOUT_SECONDS)
    return Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=cutoff).update(
        status=Email.Status.PENDING, claimed_by=""
    )


def emails_sweep(*, limit: int = 500) -> int:
    """Dispatch every due row. Returns how many were handed to the broker."""
    emails_release_stale_claims()
    due = list(Email.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return sum(email_dispatch(email_id=pk) for pk in due)


def email_retry(*, email: Email) -> bool:
    """Staff ask for a failed message to be tried again from scratch."""
    with transaction.atomic():
        updated = Email.objects.filter(pk=email.pk, status=Email.Status.FAILED).update(
            status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_by=""
        )
        if updated:
            transaction.on_commit(partial(email_dispatch, email_id=email.pk))
    return bool(updated)
