from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """One reminder digest sent to one staff member on one day.

    The row is the proof that today's digest went out: the unique constraint makes a second
    run of the beat task on the same day (or two workers racing) send nothing more.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_digests",
        verbose_name=_("recipient"),
    )
    day = models.DateField(_("day"))
    stalled_ideas = models.PositiveIntegerField(_("stalled ideas"), default=0)
    ideas_to_revive = models.PositiveIntegerField(_("paused ideas due for revival"), default=0)
    overdue_groups = models.PositiveIntegerField(_("overdue group reports"), default=0)
    email = models.OneToOneField(
        "notifications.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-day", "user_id"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day"),
        ]
        # The follow-up pages are not tied to a model; their permissions live here.
        permissions = [
            ("view_dashboard", _("Can see the follow-up dashboard and the yearly report")),
        ]

    def __str__(self):
        return f"{self.user} – {self.day}"
