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


class ExportJob(models.Model):
    """One large evaluation export, built by a worker instead of inside the admin request.

    The row is written first (with the snapshot of what to export), then the task is queued;
    a lost task is queued again by the periodic sweep. The finished file is kept in the
    database, not in MEDIA: it has no URL at all, so only the status page's permission check
    can hand it out; web and worker share nothing but the database; and the file appears in
    the same UPDATE that marks the job done, so nobody can download half a file and no file
    outlives its row. Files live a day (expires_at) and the sweep empties them.
    """

    class Kind(models.TextChoices):
        IDEAS = "ideas", _("ideas")
        GROUPS = "groups", _("working groups")
        MEMBERS = "members", _("members")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook (.xlsx)")
        CSV = "csv", _("CSV (comma-separated, UTF-8)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_export_jobs",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    export_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=10)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    # The selection as it was when staff asked, in the file's order; emptied once built.
    pks = models.JSONField(_("rows to export"), default=list, blank=True, editable=False)
    total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The task that builds it now (a redelivered task may take its own job back) and how
    # many times a task has started on it (a job that keeps killing workers fails).
    claimed_by = models.CharField(_("claimed by"), max_length=255, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_by_user"),
            models.Index(fields=["status", "expires_at"], name="exportjob_status_expiry"),
        ]

    def __str__(self):
        created = timezone.localtime(self.created_at)
        return f"{self.get_kind_display()}, {self.export_format}, {created:%Y-%m-%d %H:%M}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def percent(self) -> int:
        return min(100, self.rows_done * 100 // self.total) if self.total else 100
