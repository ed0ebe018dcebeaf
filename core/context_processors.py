from .colours import DEFAULT_PRIMARY
from .models import SiteSettings


def site(request):
    return {"site": SiteSettings.load(), "default_primary": DEFAULT_PRIMARY}
