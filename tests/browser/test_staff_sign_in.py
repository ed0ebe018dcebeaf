"""Staff sign-in in a real browser: through the loopback OpenID Connect provider and back, and
the second factor's pages; axe-core on each page (WCAG 2.1 AA)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import PROCESS_SUPPORT, SCREENERS, roles_ensure
from staffauth.models import ClaimMapping

from ..staffauth.provider import CLIENT_ID, CLIENT_SECRET, PASSWORD, TEST_CLIENT_CALLBACK
from .conftest import assert_accessible


@pytest.fixture
def provider(loopback_provider, live_server, settings, transactional_db):
    settings.OIDC_ISSUER = loopback_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Northvik municipality"
    # As meetregion/settings/base.py does when OIDC_ISSUER is set: the logout form ends there.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], loopback_provider.base],
    }
    loopback_provider.redirect_uris(
        callbacks=[TEST_CLIENT_CALLBACK, f"{live_server.url}/staff/sign-in/callback/"],
        logouts=[f"{live_server.url}/admin/login/"],
    )
    roles = roles_ensure()
    mapping = ClaimMapping.objects.create(claim_value="meetregion-screeners")
    mapping.roles.add(roles[SCREENERS], roles[PROCESS_SUPPORT])
    loopback_provider.person("sara", groups=["meetregion-screeners"], given_name="Sara")
    return loopback_provider


def test_staff_sign_in_through_the_provider_in_a_browser(page, live_server, provider):
    page.goto(live_server.url + reverse("admin:login"))
    assert_accessible(page, "admin login with the organisation's sign-in")

    page.get_by_role("link", name="Sign in with Northvik municipality").click()
    page.wait_for_url(f"{provider.base}/accounts/login/**")
    page.get_by_label("Username").fill("sara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    user = get_user_model().objects.get(username="sara")
    assert set(user.groups.values_list("name", flat=True)) == {SCREENERS, PROCESS_SUPPORT}
    page.get_by_role("link", name="Your sessions").click()
    page.wait_for_url(f"{live_server.url}/staff/sessions/")
    assert page.get_by_text("This session").is_visible()
    assert_accessible(page, "staff sessions")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/admin/login/**")
    assert page.get_by_role("link", name="Sign in with Northvik municipality").is_visible()


def test_second_factor_pages_have_no_axe_violation(page, live_server, settings, transactional_db):
    settings.MEETREGION_STAFF_2FA_REQUIRED = "superusers"
    get_user_model().objects.create_superuser("chief", "chief@example.org", "long-password-1")

    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("long-password-1")
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/staff/two-factor/setup/**")
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert_accessible(page, "two-factor setup")

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert page.get_by_text("That code is not right").is_visible()
    assert_accessible(page, "two-factor setup with an error")

    device = TOTPDevice.objects.get(user__username="chief")
    device.throttle_reset()
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert page.locator(".staffauth-codes li").count() == 10
    assert_accessible(page, "recovery codes")

    page.get_by_role("link", name="I have kept them, go on").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Two-factor authentication").click()
    assert_accessible(page, "two-factor overview")
