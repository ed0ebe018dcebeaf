from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import PrivateLink
from core.regions import RegionScoped


class Organisation(RegionScoped):
    """The municipal side: departments, boards, municipal companies and other public actors,
    each of its municipality (or, like the county, of the whole region)."""

    REGION_SCOPE = "municipality"

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Municipal department")
        BOARD = "board", _("Municipal board")
        COMPANY = "company", _("Municipal company")
        PUBLIC = "public", _("Other public actor")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("Empty: a public actor of the whole region (the county, a regional body)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipal organisation")
        verbose_name_plural = _("municipal organisations")

    def __str__(self):
        return self.name


class OrganisationContact(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Cadence(models.IntegerChoices):
    """How often the lead reports back, in days."""

    FORTNIGHTLY = 14, _("Every two weeks")
    MONTHLY = 30, _("Every month")
    QUARTERLY = 91, _("Every quarter")


class WorkingGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=WorkingGroup.Status.ACTIVE)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.active().filter(next_report_due__lt=today)


class WorkingGroup(RegionScoped):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")

    name = models.CharField(_("name"), max_length=200)
    ideas = models.ManyToManyField(
        "ideas.Idea", related_name="working_groups", verbose_name=_("ideas")
    )
    # The municipalities the group works for: those of its ideas when it was formed. Each of
    # them must staff its municipal side.
    municipalities = models.ManyToManyField(
        "core.Municipality",
        related_name="working_groups",
        verbose_name=_("municipalities"),
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The mandate: the frame the group works within.
    goal = models.TextField(_("goal"))
    scope = models.TextField(_("scope"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    starts_on = models.DateField(_("starts"), default=timezone.localdate)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    cadence_days = models.PositiveSmallIntegerField(
        _("reporting cadence"), choices=Cadence.choices, default=Cadence.MONTHLY
    )
    lead_name = models.CharField(_("lead"), max_length=200)
    lead_email = models.EmailField(_("lead's e-mail"))
    lead_language = models.CharField(_("lead's language"), max_length=10, default="en")
    process_support = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supported_groups",
        verbose_name=_("process support"),
        limit_choices_to={"is_staff": True},
        help_text=_("The business unit's contact who supports the group's process."),
    )
    is_public = models.BooleanField(_("shown publicly"), default=False)
    # The group's public face on /projects/, kept in step by the services.
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_group",
        verbose_name=_("public project page"),
    )
    next_report_due = models.DateField(_("next report due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        indexes = [
            models.Index(fields=["status", "next_report_due"], name="group_due_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def cadence(self) -> timedelta:
        return timedelta(days=self.cadence_days)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.next_report_due is not None
            and self.next_report_due < timezone.localdate()
        )


class Participant(models.Model):
    """Someone who takes part in a group, from the resource bank, outside it or the municipality."""

    class Side(models.TextChoices):
        BUSINESS = "business", _("Business")
        MUNICIPAL = "municipal", _("Municipality")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("working group"),
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    member = models.ForeignKey(
        "resourcebank.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("resource-bank member"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("municipal organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    affiliation = models.CharField(_("company or organisation"), max_length=200, blank=True)
    role = models.CharField(_("role in the group"), max_length=120, default="Member")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["side", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(member__isnull=False),
                name="participant_member_once",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_side_display()})"


class Invitation(RegionScoped):
    REGION_SCOPE = "group__municipalities"

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("working group"),
    )
    member = models.ForeignKey(
        "resourcebank.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("resource-bank member"),
    )
    side = models.CharField(
        _("side"),
        max_length=10,
        choices=Participant.Side.choices,
        default=Participant.Side.BUSINESS,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipal organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    affiliation = models.CharField(_("company or organisation"), max_length=200, blank=True)
    role = models.CharField(_("role in the group"), max_length=120, default="Member")
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(member__isnull=False, status="pending"),
                name="invitation_pending_once",
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.group}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class LeadLink(PrivateLink):
    """The lead's private link for reporting back: reusable until staff send a new one, which
    revokes the old. Only a hash is stored."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="lead_links")

    class Meta:
        verbose_name = _("lead link")
        verbose_name_plural = _("lead links")

    def __str__(self):
        return f"{self.group_id}: {self.token_hash[:8]}…"

    @staticmethod
    def url_for(token: str) -> str:
        return reverse("workgroups:report", kwargs={"token": token})


class Report(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("working group"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # A progress report.
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("what comes next"), blank=True)
    blockers = models.TextField(_("blockers"), blank=True)
    # A final report.
    results = models.TextField(_("results"), blank=True)
    experiences = models.TextField(_("experiences"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    is_public = models.BooleanField(
        _("may be shown publicly"),
        default=True,
        help_text=_("Progress shown on the public project page."),
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(kind="final"),
                name="report_one_final",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.group} – {self.filed_at:%Y-%m-%d}"


def report_attachment_path(instance, filename):
    return f"reports/{instance.report.group_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=report_attachment_path)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title or self.file.name

    @property
    def filename(self) -> str:
        """The name the lead uploaded it under (the form keeps it as the title)."""
        return self.title or Path(self.file.name).name
