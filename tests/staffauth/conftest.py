import pytest
from django.urls import reverse

from core.roles import EVALUATORS, SCREENERS, roles_ensure
from staffauth.models import ClaimMapping

from ..factories import MunicipalityFactory
from .provider import CLIENT_ID, CLIENT_SECRET, ProviderBrowser, path_of

SCREENERS_GROUP = "meetregion-screeners"
# Keycloak sends group paths when "Full group path" is on.
EVALUATORS_GROUP = "/meetregion/evaluators"
ADMINS_GROUP = "meetregion-admins"


@pytest.fixture
def provider(loopback_provider, settings, db):
    """Single sign-on switched on against the loopback provider."""
    settings.OIDC_ISSUER = loopback_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Northvik municipality"
    settings.OIDC_TIMEOUT = 5
    return loopback_provider


@pytest.fixture
def mappings(db):
    """Two groups to two roles and two municipalities, and one to full rights, as staff set
    them in the admin."""
    roles = roles_ensure()
    north = MunicipalityFactory(name="Northvik")
    south = MunicipalityFactory(name="Southby")
    screeners = ClaimMapping.objects.create(claim_value=SCREENERS_GROUP)
    screeners.roles.add(roles[SCREENERS])
    screeners.municipalities.add(north)
    evaluators = ClaimMapping.objects.create(claim_value=EVALUATORS_GROUP)
    evaluators.roles.add(roles[EVALUATORS])
    evaluators.municipalities.add(south)
    ClaimMapping.objects.create(claim_value=ADMINS_GROUP, is_superuser=True)
    return {"screeners": screeners, "evaluators": evaluators}


class SignIn:
    """One walk through the redirect flow: where the provider was asked, and the answer of
    our callback."""

    def __init__(self, client, provider, *, username, next_url="/admin/", browser=None):
        self.browser = browser or ProviderBrowser(provider)
        start = client.get(reverse("staffauth:oidc_authenticate"), {"next": next_url})
        assert start.status_code == 302, start.content[:300]
        self.authorization_url = start["Location"]
        back = self.browser.follow(self.authorization_url, username=username)
        assert back.startswith("http://testserver/staff/sign-in/callback/"), back
        self.callback = path_of(back)
        self.response = client.get(self.callback)


@pytest.fixture
def sign_in(provider):
    def walk(client, username, **kwargs) -> SignIn:
        return SignIn(client, provider, username=username, **kwargs)

    return walk
