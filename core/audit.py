"""The log of staff actions on personal data (core.models.AuditEvent)."""

from .models import AuditEvent


def audit_record(*, user, action: str, subject: str, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        user=user, action=action, subject=subject[:200], detail=detail[:500]
    )
