import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import PrivateLink
from core.regions import RegionScoped
from core.textsearch import SearchIndexed, is_postgres, weighted_vector
from core.tokens import token_hash  # noqa: F401 - the links below store it

from .stages import EXPLANATIONS, Stage


class CriterionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_municipalities(self, municipalities=()):
        """The region's criteria and those of the given municipalities, region's first."""
        return (
            self.filter(Q(municipality=None) | Q(municipality__in=municipalities))
            .select_related("municipality")
            .order_by(models.F("municipality").asc(nulls_first=True), "order", "pk")
        )

    def by_municipality(self):
        """Every criterion: the region's first, then each municipality's own, in order."""
        return self.select_related("municipality").order_by(
            models.F("municipality__order").asc(nulls_first=True),
            "municipality__name",
            "order",
            "pk",
        )


class Criterion(models.Model):
    """A published criterion every idea is judged against, visible before anyone submits. The
    region's apply to every idea; a municipality may add its own for the ideas concerning it."""

    title = models.CharField(_("title"), max_length=200)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("municipality"),
        help_text=_("Empty: a criterion of the whole region."),
    )
    explanation = models.TextField(_("explanation"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.title


class OrganisationType(models.TextChoices):
    BUSINESS = "business", _("Business")
    MUNICIPAL_DEPARTMENT = "municipal_department", _("Municipal department or board")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
    OTHER = "other", _("Other organisation")


class CollaborationKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("A joint working group")
    CO_FINANCING = "co_financing", _("Co-financing of an effort")
    PILOT = "pilot", _("A joint pilot or test")
    KNOWLEDGE = "knowledge", _("Exchange of knowledge and experience")
    OTHER = "other", _("Something else")


class IdeaQuerySet(models.QuerySet):
    def in_stage(self, *stages):
        return self.filter(stage__in=stages)

    def open(self):
        return self.exclude(stage__in=[Stage.DECLINED, Stage.REFERRED, Stage.COMPLETED])


class Idea(SearchIndexed, RegionScoped):
    # Only public ideas are searched (/search/, the duplicate warning), so only their stored
    # vector is kept up to date, and the GIN indexes are partial on is_public.
    SEARCH_TITLE_FIELDS = ("title",)
    SEARCH_BODY_FIELDS = ("description",)

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    # Sent with the form so that a double click or a reload files one idea, not two.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)

    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=30, choices=OrganisationType.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    collaboration_kind = models.CharField(
        _("kind of collaboration sought"), max_length=30, choices=CollaborationKind.choices
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", related_name="ideas", verbose_name=_("focus areas"), blank=True
    )
    wants_to_take_part = models.BooleanField(_("wants to take part"), default=False)
    accepted_criteria = models.BooleanField(_("confirmed the criteria"), default=False)
    acknowledged_no_guarantee = models.BooleanField(
        _("acknowledged there is no guarantee"), default=False
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    # The screening checklist. None means "not judged yet".
    meets_criteria = models.BooleanField(_("meets the criteria"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    is_realistic = models.BooleanField(_("realistic"), null=True, blank=True)
    in_line_with_guidelines = models.BooleanField(
        _("in line with the municipality's guidelines"), null=True, blank=True
    )
    existing_work = models.TextField(
        _("what already exists in the area"),
        blank=True,
        help_text=_("Initiatives inside and outside the municipality in the same area."),
    )
    # Set by staff while screening; they steer the matching with the resource bank.
    sectors = models.ManyToManyField(
        "resourcebank.Sector", related_name="ideas", verbose_name=_("sectors"), blank=True
    )
    # Where: the municipalities the idea concerns (none: the whole region), and the one whose
    # business unit handles it (none: the region's coordinating unit). Their staff share it.
    municipalities = models.ManyToManyField(
        "core.Municipality",
        related_name="ideas",
        verbose_name=_("municipalities concerned"),
        blank=True,
        help_text=_("Empty: the idea concerns the whole region."),
    )
    handled_by = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas_handled",
        verbose_name=_("handled by"),
        help_text=_("Whose business unit screens the idea and signs its e-mails."),
    )
    revive_on = models.DateField(
        _("revive on"), null=True, blank=True, help_text=_("For a paused idea: when to look again.")
    )
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_("Staff may publish an idea's title and description on the portal."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        permissions = [
            ("move_idea", _("Can move an idea from one stage to another")),
            ("handover_idea", _("Can hand an idea over from one municipality to another")),
        ]
        indexes = [
            # The queue by stage, newest first; its key holds the id, so counting a stage's
            # ideas against a relation (a focus area) reads the index alone.
            models.Index(fields=["stage", "-submitted_at", "-id"], name="idea_stage_idx"),
            # The dashboard's stalled-ideas figures and the "waiting" filter of the queue.
            models.Index(fields=["stage", "stage_changed_at"], name="idea_stage_waiting_idx"),
            # The dashboard's and digests' "stalled in screening" list, oldest first: a walk of
            # this small index instead of a pass over every idea.
            models.Index(
                fields=["stage_changed_at", "id"],
                name="idea_waiting_screening_idx",
                condition=Q(stage__in=[Stage.SUBMITTED, Stage.SCREENING]),
            ),
            # Paused ideas due for revival, soonest first (the dashboard and the digests).
            models.Index(
                fields=["revive_on", "id"],
                name="idea_paused_revive_idx",
                condition=Q(stage=Stage.PAUSED),
            ),
            # Tracking-link requests look ideas up by address, case-insensitively.
            models.Index(Upper("email"), name="idea_email_upper_idx"),
            # The admin list's default order: a deep page walks this index instead of sorting.
            models.Index(fields=["-submitted_at", "-id"], name="idea_submitted_idx"),
            GinIndex(fields=["search_vector"], name="idea_search_gin", condition=Q(is_public=True)),
            GinIndex(
                fields=["title"],
                opclasses=["gin_trgm_ops"],
                name="idea_title_trgm",
                condition=Q(is_public=True),
            ),
        ]

    def __str__(self):
        return f"{self.reference or '—'} {self.title}"

    def search_vector_refresh(self) -> None:
        # Non-public ideas are never searched: no extra query when one of them is saved.
        if self.is_public:
            super().search_vector_refresh()

    @classmethod
    def search_vectors_rebuild(cls, using: str = "default") -> int:
        if not is_postgres(using):
            return 0
        return (
            cls._default_manager.using(using)
            .filter(is_public=True)
            .update(search_vector=weighted_vector(cls.SEARCH_TITLE_FIELDS, cls.SEARCH_BODY_FIELDS))
        )

    @property
    def stage_explanation(self):
        return EXPLANATIONS[self.stage]


class StageChange(models.Model):
    """Append-only history: who moved which idea from where to where, when, and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note to the submitter"), blank=True)
    # A hand-over from one municipality's business unit to another's (the stage stays).
    handed_from = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over from"),
    )
    handed_to = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over to"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["idea", "at"], name="stagechange_idea_idx")]

    def __str__(self):
        return f"{self.idea_id}: {self.from_stage or '—'} → {self.to_stage}"


class InternalNote(models.Model):
    """Staff's notes on an idea. Never shown to the submitter."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]


class TrackingLink(PrivateLink):
    """A private link to follow an idea. Reusable, with no expiry of its own: it stops working
    a while after the idea closed (ideas.services.tracking_link_resolve)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="tracking_links")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tracking link")
        verbose_name_plural = _("tracking links")

    def __str__(self):
        return f"{self.idea_id}: {self.token_hash[:8]}…"

    @staticmethod
    def url_for(token: str) -> str:
        return reverse("ideas:track", kwargs={"token": token})
