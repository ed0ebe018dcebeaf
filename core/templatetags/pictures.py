"""`{% picture obj sizes="..." %}`: an <img> with srcset, width and height from the sizes
core.images stored, so the browser picks a size and reserves the space (no layout shift)."""

from django import template
from django.utils.html import format_html, format_html_join

from core.images import image_url

register = template.Library()


def _pick(sizes: list[dict], width: int) -> dict:
    fitting = [size for size in sizes if size["width"] >= width]
    return fitting[0] if fitting else sizes[-1]


@register.simple_tag
def picture(
    obj,
    sizes: str = "100vw",
    *,
    field: str = "image_renditions",
    alt: str | None = None,
    css_class: str = "",
    lazy: bool = True,
    width: int = 640,
):
    renditions = getattr(obj, field, None) or {}
    available = renditions.get("sizes") or []
    if not available or (field == "image_renditions" and not obj.image):
        return ""
    fallback = _pick(available, width)
    srcset = format_html_join(
        ", ", "{} {}w", ((image_url(size["name"]), size["width"]) for size in available)
    )
    # Below the fold the browser fetches the picture late; the page's main one, at once.
    loading = ' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}"'
        + loading
        + ">",
        image_url(fallback["name"]),
        srcset,
        sizes,
        fallback["width"],
        fallback["height"],
        obj.image_alt if alt is None else alt,
        css_class,
    )


@register.simple_tag
def picture_url(obj, field: str, width: int = 0) -> str:
    available = (getattr(obj, field, None) or {}).get("sizes") or []
    if not available:
        return ""
    return image_url(_pick(available, width)["name"])
