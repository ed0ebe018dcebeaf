import uuid

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import PrivateLink
from core.regions import RegionScoped
from core.textsearch import SearchIndexed


class ListQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class StaffList(models.Model):
    """A short, ordered list that staff manage in the admin."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ListQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Sector(StaffList):
    """A branch of business (staff-managed)."""

    class Meta(StaffList.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Scope(models.TextChoices):
    BROAD = "broad", _("Open to collaboration broadly")
    FOCUS_AREAS = "focus_areas", _("Contact me only about my chosen focus areas")
    OWN_IDEA = "own_idea", _("Only to work on an idea of my own")


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Member.Status.PENDING)


class Member(SearchIndexed, RegionScoped):
    """A business representative in the resource bank.

    Pending until the e-mail confirmation link is used; active and public after; withdrawn
    rows keep only what statistics need (sectors, focus areas, municipality, scope, dates).
    """

    # The public directory and /search/ find members by name and company (active ones only).
    SEARCH_TITLE_FIELDS = ("name", "company_name")
    SEARCH_BODY_FIELDS = ("role",)
    # A member's contact data is for the staff of their municipality and the coordinators.
    REGION_SCOPE = "municipality"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for e-mail confirmation")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("municipality"),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="members", verbose_name=_("sectors"), blank=True
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", related_name="members", verbose_name=_("focus areas"), blank=True
    )
    scope = models.CharField(_("interest"), max_length=20, choices=Scope.choices)
    idea = models.ForeignKey(
        "ideas.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("own idea"),
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    # The public code on the certificate; anyone with it may verify the membership.
    certificate_code = models.CharField(
        _("certificate code"), max_length=32, unique=True, null=True, blank=True
    )
    consent_at = models.DateTimeField(_("consented to public listing"), null=True, blank=True)
    # What the member agreed to, word for word in their language, and which version of it.
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # One live membership per address; withdrawn rows have no address left.
            models.UniqueConstraint(
                Upper("email"),
                condition=~Q(status="withdrawn"),
                name="member_live_email_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "registered_at"], name="member_status_idx"),
            # The admin's list in its order (name, pk): the first page is the index's first
            # 50 entries, not a sort of the whole bank.
            models.Index(fields=["name", "id"], name="member_name_idx"),
            GinIndex(fields=["search_vector"], name="member_search_gin"),
        ]

    def __str__(self):
        if self.status == self.Status.WITHDRAWN:
            return str(_("Withdrawn member #%(pk)s") % {"pk": self.pk})
        return f"{self.name} ({self.company_name})"

    def get_absolute_url(self):
        return reverse("resourcebank:profile", kwargs={"public_id": self.public_id})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def verify_path(self) -> str:
        return reverse("resourcebank:verify", kwargs={"code": self.certificate_code})


class MemberLink(PrivateLink):
    """A private, single-use, expiring link sent by e-mail. Only the SHA-256 is stored."""

    SINGLE_USE = True

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("Confirm membership")
        SIGN_IN = "sign_in", _("Sign in")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)

    class Meta:
        verbose_name = _("member link")
        verbose_name_plural = _("member links")

    def __str__(self):
        return f"{self.member_id}: {self.purpose} {self.token_hash[:8]}…"
