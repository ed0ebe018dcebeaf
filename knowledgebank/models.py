import uuid
from pathlib import Path

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.images import PublicImage
from core.regions import RegionScoped
from core.slugs import unique_slug
from core.textsearch import SearchIndexed

from .validators import document_file_validate


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EntryStatus.PUBLISHED)


class Entry(SearchIndexed, RegionScoped, PublicImage):
    """A finished collaboration: what it achieved, what it learned, who took part."""

    SEARCH_TITLE_FIELDS = ("title",)
    SEARCH_BODY_FIELDS = ("summary", "results", "experiences", "lessons", "partners")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=220, unique=True, blank=True)
    summary = models.TextField(_("summary"))
    results = models.TextField(_("results"), blank=True)
    experiences = models.TextField(_("experiences"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    municipalities = models.ManyToManyField(
        "core.Municipality",
        related_name="entries",
        verbose_name=_("municipalities"),
        blank=True,
        help_text=_("Where the collaboration took place. Empty: the whole region."),
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea",
        related_name="knowledge_entries",
        verbose_name=_("focus areas"),
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_entries",
        verbose_name=_("project"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("knowledge-bank entry")
        verbose_name_plural = _("knowledge-bank entries")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="entry_status_published_idx"),
            GinIndex(fields=["search_vector"], name="entry_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="entry_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, fallback="entry", reserved={"feed"})
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("knowledgebank:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == EntryStatus.PUBLISHED

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


def document_upload_to(instance, filename: str) -> str:
    # A random name: the original may hold personal data, and files are served through a
    # view that checks the entry is published, never straight from MEDIA_URL by name.
    return f"knowledgebank/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(RegionScoped):
    REGION_SCOPE = "entry__municipalities"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="documents", verbose_name=_("entry")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        validators=[document_file_validate],
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument text, PNG or JPEG."),
    )
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.original_name:
            self.original_name = Path(self.file.name).name[:255]
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("knowledgebank:document", kwargs={"slug": self.entry.slug, "pk": self.pk})

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lower().lstrip(".")
