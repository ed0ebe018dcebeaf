"""The provider's endpoints come from its discovery document; other settings as set."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from staffauth.provider import ProviderUnavailable, provider_configuration, provider_setting


def test_endpoints_come_from_discovery_unless_set(provider, settings):
    assert provider_setting("OIDC_OP_TOKEN_ENDPOINT") == f"{provider.issuer}/token/"
    assert provider_setting("OIDC_OP_JWKS_ENDPOINT") == f"{provider.issuer}/.well-known/jwks.json"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://elsewhere.example/token"
    assert provider_setting("OIDC_OP_TOKEN_ENDPOINT") == "https://elsewhere.example/token"


def test_a_setting_switched_off_stays_off(settings):
    settings.OIDC_VERIFY_SSL = False
    assert provider_setting("OIDC_VERIFY_SSL", True) is False
    assert provider_setting("OIDC_NOT_SET_ANYWHERE", 7) == 7
    with pytest.raises(ImproperlyConfigured):
        provider_setting("OIDC_NOT_SET_ANYWHERE")


def test_discovery_of_another_issuer_is_refused(provider, settings):
    # The document is the provider's, but it names http://127.0.0.1:<port>/o, not this.
    settings.OIDC_ISSUER = provider.issuer.replace("127.0.0.1", "localhost")
    with pytest.raises(ProviderUnavailable, match="names issuer"):
        provider_configuration()
