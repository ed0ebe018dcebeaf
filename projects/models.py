from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.images import PublicImage
from core.regions import RegionScoped
from core.slugs import unique_slug
from core.textsearch import SearchIndexed

# Paths under /projects/ that a project's slug must not shadow.
RESERVED_SLUGS = frozenset({"feed", "ideas"})


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class ProjectKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    # Issue 4 links its WorkingGroup one-to-one to a Project of this kind.
    WORKING_GROUP = "working_group", _("Working group")


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def active(self):
        return self.filter(status=ProjectStatus.ONGOING)


class Project(SearchIndexed, RegionScoped, PublicImage):
    """Everything ongoing the public sees: initiatives staff register, and working groups."""

    SEARCH_TITLE_FIELDS = ("title",)
    SEARCH_BODY_FIELDS = ("summary", "goal", "organisations", "progress_text")
    REGION_SCOPE = "municipalities"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=220, unique=True, blank=True)
    summary = models.TextField(_("summary"))
    goal = models.TextField(_("goal"), blank=True)
    focus_areas = models.ManyToManyField(
        "core.FocusArea", related_name="projects", verbose_name=_("focus areas"), blank=True
    )
    organisations = models.TextField(
        _("partners"),
        blank=True,
        help_text=_("The organisations taking part, one per line. Shown publicly."),
    )
    municipalities = models.ManyToManyField(
        "core.Municipality",
        related_name="projects",
        verbose_name=_("municipalities"),
        blank=True,
        help_text=_("Where the work happens. Empty: an initiative of the whole region."),
    )
    status = models.CharField(
        _("stage"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ONGOING
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.INITIATIVE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, help_text=_("Filled from the start date if empty.")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("The business unit's public contact.")
    )
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Only public projects appear on the portal."),
    )
    progress_text = models.TextField(
        _("latest public progress"), blank=True, help_text=_("Shown on the project's page.")
    )
    progress_date = models.DateField(_("progress date"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["is_public", "status"], name="project_public_status_idx"),
            GinIndex(fields=["search_vector"], name="project_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="project_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.start_date and not self.start_year:
            self.start_year = self.start_date.year
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="project", reserved=RESERVED_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def partners(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]
