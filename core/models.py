from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .colours import DEFAULT_PRIMARY, validate_primary_colour
from .images import PublicImage, images_refresh, public_image_path, validate_image_upload


def _colour_field(**kwargs):
    kwargs.setdefault(
        "help_text",
        _(
            "A hex colour such as #0b5cab for the header, buttons and links. White text must "
            "keep a contrast of 4.5:1 on it."
        ),
    )
    return models.CharField(
        _("primary colour"), max_length=7, validators=[validate_primary_colour], **kwargs
    )


def _logo_field(verbose_name, help_text):
    return models.ImageField(
        verbose_name,
        upload_to=public_image_path,
        blank=True,
        validators=[validate_image_upload],
        help_text=help_text,
    )


class OfficeContacts(models.Model):
    """Who answers for a region or a municipality: its business unit, which screens ideas and
    signs every e-mail about them, and its business pilot, to whom permit and authority
    questions are referred."""

    business_unit_name = models.CharField(
        _("business unit name"), max_length=160, default="The business unit"
    )
    business_unit_email = models.EmailField(_("business unit e-mail"), blank=True)
    business_pilot_name = models.CharField(
        _("business pilot name"), max_length=160, default="The business pilot"
    )
    business_pilot_description = models.TextField(
        _("business pilot description"),
        blank=True,
        help_text=_("What the business pilot helps with: permits, supervision, other services."),
    )
    business_pilot_phone = models.CharField(_("business pilot phone"), max_length=40, blank=True)
    business_pilot_email = models.EmailField(_("business pilot e-mail"), blank=True)
    business_pilot_url = models.URLField(_("business pilot web page"), blank=True)
    business_pilot_hours = models.CharField(
        _("business pilot opening hours"), max_length=200, blank=True
    )

    class Meta:
        abstract = True


class SiteSettings(OfficeContacts):
    """The region this portal serves. One row; staff edit it in the admin. Its business unit
    is the region's coordinating unit, which answers for ideas about the whole region."""

    CACHE_KEY = "core:site-settings"

    region_name = models.CharField(_("region name"), max_length=120, default="Meet Region")
    portal_name = models.CharField(_("portal name"), max_length=120, default="meetregion")
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few lines on the home page about what the portal is for."),
    )
    primary_colour = _colour_field(default=DEFAULT_PRIMARY)
    logo = _logo_field(
        _("logo"), _("Shown beside the portal's name in the header and the footer (PNG or WebP).")
    )
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    favicon = _logo_field(
        _("favicon"), _("The small square picture of the browser tab; at least 180 by 180 pixels.")
    )
    favicon_renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        images_refresh(
            self,
            [
                ("logo", "logo_renditions", {"widths": (160, 320, 480)}),
                (
                    "favicon",
                    "favicon_renditions",
                    {"widths": (32, 180), "square": True, "fmt": "PNG"},
                ),
            ],
        )
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings, 300)
        return settings


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Municipality(OfficeContacts, PublicImage):
    """A municipality of the region, with its own business unit and business pilot.

    Ideas, members, working groups, initiatives and knowledge-bank entries belong to one or
    more municipalities (or to the whole region); staff belong to municipalities, and see
    and work on what belongs to theirs (core.regions).
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the municipality's page address: /m/<address name>/."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active municipalities can be chosen by submitters and members."),
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A few lines for the municipality's page.")
    )
    logo = _logo_field(_("logo"), _("The municipality's logo for its page (PNG or WebP)."))
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    primary_colour = _colour_field(
        blank=True,
        default="",
        help_text=_(
            "For the municipality's page; empty: the region's colour. White text must keep a "
            "contrast of 4.5:1 on it."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="municipalities",
        blank=True,
        verbose_name=_("staff"),
        help_text=_("Business-unit staff who screen and follow up this municipality's work."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        images_refresh(self, [("logo", "logo_renditions", {"widths": (112, 224)})])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:municipality", kwargs={"slug": self.slug})


class FocusAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_municipalities(self, municipalities=()):
        """The region's own and those of the given municipalities."""
        return self.filter(models.Q(municipality=None) | models.Q(municipality__in=municipalities))


class FocusArea(models.Model):
    """A theme the region works on (staff-managed), shared by ideas, members and groups. A
    municipality may add focus areas of its own to the region's."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_areas",
        verbose_name=_("municipality"),
        help_text=_("Empty: a focus area of the whole region."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.name


class AuditEvent(models.Model):
    """A staff action on personal data: who looked at or exported what, and when.

    Append-only (the admin shows it read-only); written by core.audit.audit_record.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        EXPORTED = "exported", _("exported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject = models.CharField(_("what"), max_length=200)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.subject}"


class PeriodicRun(models.Model):
    """The latest period in which a periodic task (an entry of CELERY_BEAT_SCHEDULE) was sent.

    One row per entry, claimed by a conditional update (core.services.periodic_run_claim), so
    that however many beat processes run, each task goes out once per period.
    """

    name = models.CharField(_("periodic task"), max_length=200, unique=True)
    period_start = models.DateTimeField(_("period"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.CharField(_("sent by"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self):
        return f"{self.name} {self.period_start:%Y-%m-%d %H:%M:%S}"
