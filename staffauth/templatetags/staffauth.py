from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from ..provider import provider_enabled

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_sign_in(context) -> dict:
    """What the admin's sign-in page offers: the organisation's account, passwords, or both."""
    request = context["request"]
    next_url = context.get("next") or request.GET.get("next") or reverse("admin:index")
    return {
        "provider": provider_enabled(),
        "provider_name": settings.OIDC_PROVIDER_NAME,
        "provider_url": f"{reverse('staffauth:oidc_authenticate')}?{urlencode({'next': next_url})}",
        "passwords": settings.MEETREGION_STAFF_PASSWORD_LOGIN,
    }
