"""Pictures on the public pages: a project's, a knowledge-bank entry's, a municipality's, and
the region's logo and favicon.

Pillow does the work directly, once, when the picture is saved: the upload is turned upright
and stored again without its EXIF block (camera, time, often the place), and a few sizes are
written beside it as WebP. The names and sizes go into a JSON column, so a page renders
`srcset` without touching the storage, and every URL is a fixed name that can be cached for a
year (core.views.public_image). Through Django's storage API, so disk or the S3 bucket alike.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .scanning import upload_scan

# Stored names under these folders are served publicly by core.views.public_image.
PUBLIC_PREFIXES = ("images/", "municipalities/")
WIDTHS = (320, 640, 960, 1440)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_ORIGINAL_SIDE = 2400


def validate_image_upload(file) -> None:
    if file and getattr(file, "size", 0) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The picture is larger than 10 MB; please send a smaller one."), code="too_large"
        )
    # A new upload (not yet stored) passes the virus scan, as documents do; a stored one did.
    if file and not getattr(file, "_committed", True):
        upload_scan(file)


def public_image_path(instance, filename: str) -> str:
    return f"images/{instance._meta.model_name}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError(_("The picture has too many pixels."), code="too_many_pixels")
    image = ImageOps.exif_transpose(image)
    return image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=80, method=5)
    return out.getvalue()


def renditions_make(field_file, *, widths=WIDTHS, square: bool = False, fmt: str = "WEBP") -> dict:
    """Store the picture again without EXIF, and its sizes; return what the page needs."""
    field_file.open("rb")
    try:
        data = field_file.read()
    finally:
        field_file.close()
    try:
        image = _open(data)
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file is not a picture we can read."), code="bad_image"
        ) from error
    if square:
        side = min(image.size)
        image = ImageOps.fit(image, (side, side))
    image.thumbnail((MAX_ORIGINAL_SIDE, MAX_ORIGINAL_SIDE))
    storage = field_file.storage
    stem = f"images/{field_file.instance._meta.model_name}/{uuid.uuid4().hex}"
    keep_png = image.mode == "RGBA"
    original_name = storage.save(
        f"{stem}.{'png' if keep_png else 'jpg'}",
        ContentFile(_encode(image, "PNG" if keep_png else "JPEG")),
    )
    old_name = field_file.name if getattr(field_file, "_committed", True) else None
    sizes = []
    for width in sorted({min(w, image.width) for w in widths}):
        copy = image.copy()
        height = round(image.height * width / image.width)
        copy = copy.resize((width, height), Image.Resampling.LANCZOS)
        extension = fmt.lower()
        name = storage.save(f"{stem}-{width}.{extension}", ContentFile(_encode(copy, fmt)))
        sizes.append({"name": name, "width": width, "height": height})
    if old_name and old_name != original_name:
        storage.delete(old_name)
    field_file.name = original_name
    field_file._committed = True
    return {"source": original_name, "sizes": sizes}


def image_url(name: str) -> str:
    return reverse("core:image", kwargs={"name": name})


class PublicImage(models.Model):
    """An optional picture with its alternative text, checked on the server: set a picture
    and the text that says what it shows is required."""

    image = models.ImageField(
        _("picture"),
        upload_to=public_image_path,
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location and camera data are removed."),
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required with a picture."
        ),
    )
    image_renditions = models.JSONField(
        _("picture sizes"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        images_refresh(self, [("image", "image_renditions", {})])
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.image and not (self.image_alt or "").strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Describe the picture: alternative text is required with a picture."
                    )
                },
                code="alt_required",
            )

    @property
    def image_sizes(self) -> list[dict]:
        if not self.image:
            return []
        return (self.image_renditions or {}).get("sizes", [])


def images_refresh(instance, fields) -> None:
    """Make the sizes of each (file field, renditions field) whose file is new or unprocessed."""
    for file_field, renditions_field, options in fields:
        field_file = getattr(instance, file_field)
        renditions = getattr(instance, renditions_field) or {}
        if not field_file:
            if renditions:
                setattr(instance, renditions_field, {})
            continue
        if renditions.get("source") == field_file.name and getattr(field_file, "_committed", True):
            continue
        setattr(instance, renditions_field, renditions_make(field_file, **options))
