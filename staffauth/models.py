"""Who staff are according to their organisation's provider, and where they are signed in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimMapping(models.Model):
    """One value of the provider's groups or roles claims, and what it gives a person.

    Applied at every sign-in through the provider (staffauth.services.staff_claims_apply): a
    person has exactly the roles and municipalities of the rows their claims match, and nobody
    whose claims match no row gets in.
    """

    claim_value = models.CharField(
        _("claim value"),
        max_length=255,
        unique=True,
        help_text=_(
            "Exactly as the provider sends it in the groups or roles claim: a group's name or "
            "path (Keycloak), a group's object ID or an app role's value (Entra ID)."
        ),
    )
    roles = models.ManyToManyField(
        "auth.Group", blank=True, related_name="+", verbose_name=_("roles")
    )
    municipalities = models.ManyToManyField(
        "core.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities"),
        help_text=_(
            "The municipalities whose staff this value makes a person. For the region's "
            "coordinating unit give the Region coordinators role instead."
        ),
    )
    is_superuser = models.BooleanField(
        _("full rights"),
        default=False,
        help_text=_("Everyone with this value may change everything, site settings included."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["claim_value"]
        verbose_name = _("claim mapping")
        verbose_name_plural = _("claim mappings")

    def __str__(self):
        return self.claim_value

    def save(self, *args, **kwargs):
        self.claim_value = self.claim_value.strip()
        super().save(*args, **kwargs)


class StaffIdentity(models.Model):
    """A person at the provider (issuer and subject, never the e-mail address) and their user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("provider"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    claim_values = models.JSONField(_("claim values at the last sign-in"), default=list)
    created_at = models.DateTimeField(_("first sign-in"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="staffidentity_unique")
        ]
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"


class StaffSession(models.Model):
    """A signed-in staff session, so its owner can see it and end it from elsewhere."""

    class Method(models.TextChoices):
        PASSWORD = "password", _("password")
        PROVIDER = "provider", _("organisation account")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_sessions",
        verbose_name=_("user"),
    )
    session_key = models.CharField(max_length=64, unique=True)
    method = models.CharField(_("signed in with"), max_length=20, choices=Method.choices)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last active"))
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
