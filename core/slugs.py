from django.utils.text import slugify


def unique_slug(instance, text: str, *, fallback: str, reserved=frozenset()) -> str:
    """A slug from `text` that no other row of the instance's model has and that does not
    shadow a fixed path (`reserved`): "title", then "title-2", "title-3", …"""
    model = type(instance)
    base = (slugify(text) or fallback)[:200]
    slug, n = base, 2
    while slug in reserved or model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
