"""A second factor (TOTP, recovery codes) after a local password."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staffauth import services
from staffauth.models import StaffSession

PASSWORD = "a-long-local-password"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)


def password_sign_in(client, username, next_url="/admin/"):
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": username, "password": PASSWORD, "next": next_url},
    )


def code_of(device, later: int = 0) -> str:
    """The code the app shows now, or `later` steps on (a code is accepted only once)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later)
    return f"{code:06d}"


def with_authenticator(user) -> tuple[TOTPDevice, list[str]]:
    device = services.totp_device_pending(user=user)
    codes = services.totp_device_confirm(device=device, token=code_of(device))
    return device, codes


def test_superuser_must_set_up_a_second_factor_where_required(client, superuser, settings):
    settings.MEETREGION_STAFF_2FA_REQUIRED = "superusers"
    assert password_sign_in(client, "chief").status_code == 302

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staffauth:two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in page and "must be protected" in page

    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    wrong = client.post(reverse("staffauth:two_factor_setup"), {"token": "000000", "next": "/"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next wait a second
    done = client.post(
        reverse("staffauth:two_factor_setup"), {"token": code_of(device), "next": "/admin/"}
    )

    assert done.status_code == 200
    assert done.content.decode().count("<li><code>") == services.RECOVERY_CODE_COUNT
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_staff_with_an_authenticator_enter_its_code_after_the_password(client, screener):
    screener.set_password(PASSWORD)
    screener.save()
    device, _codes = with_authenticator(screener)
    password_sign_in(client, "screener")

    response = client.get("/admin/ideas/idea/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/two-factor/verify/?next=%2Fadmin%2Fideas%2Fidea%2F"
    wrong = client.post(reverse("staffauth:two_factor_verify"), {"token": "123456"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(
        reverse("staffauth:two_factor_verify"),
        {"token": code_of(device, later=1), "next": "/admin/ideas/idea/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/admin/ideas/idea/"
    assert client.get("/admin/ideas/idea/").status_code == 200


def test_a_recovery_code_works_once(screener):
    screener.set_password(PASSWORD)
    screener.save()
    _device, codes = with_authenticator(screener)

    first = Client()
    password_sign_in(first, "screener")
    first.post(reverse("staffauth:two_factor_verify"), {"token": codes[0].upper()})
    assert first.get("/admin/").status_code == 200

    second = Client()
    password_sign_in(second, "screener")
    second.post(reverse("staffauth:two_factor_verify"), {"token": codes[0]})
    assert second.get("/admin/").status_code == 302


def test_the_second_factor_cannot_be_replaced_before_it_was_entered(client, screener):
    screener.set_password(PASSWORD)
    screener.save()
    device, _codes = with_authenticator(screener)
    password_sign_in(client, "screener")

    response = client.get(reverse("staffauth:two_factor_setup"))
    posted = client.post(reverse("staffauth:two_factor_setup"), {"token": "000000"})

    assert response["Location"].startswith(reverse("staffauth:two_factor_verify"))
    assert posted["Location"].startswith(reverse("staffauth:two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=screener)) == [device]


def test_half_signed_in_reaches_only_the_code_page_and_logout(client, screener, settings):
    settings.MEETREGION_STAFF_2FA_REQUIRED = "staff"
    screener.set_password(PASSWORD)
    screener.save()
    password_sign_in(client, "screener")

    response = client.get(reverse("followup:report"))

    assert response.status_code == 302
    assert SESSION_KEY in client.session
    assert client.post(reverse("admin:logout")).status_code == 200
    assert SESSION_KEY not in client.session


def test_staff_without_authenticator_sign_in_as_before_when_not_required(client, screener):
    screener.set_password(PASSWORD)
    screener.save()
    password_sign_in(client, "screener")
    assert client.get("/admin/").status_code == 200


def test_staff_turn_the_second_factor_on_and_off_themselves(client, screener):
    client.force_login(screener)
    page = client.get(reverse("staffauth:two_factor")).content.decode()
    assert "Two-factor authentication is off" in page
    device = services.totp_device_pending(user=screener)
    client.post(reverse("staffauth:two_factor_setup"), {"token": code_of(device)})
    renewed = client.post(reverse("staffauth:two_factor"), {"renew": "1"})
    assert renewed.content.decode().count("<li><code>") == services.RECOVERY_CODE_COUNT

    client.post(reverse("staffauth:two_factor"), {"remove": "1"})

    assert not TOTPDevice.objects.filter(user=screener).exists()


def test_sign_in_through_the_provider_needs_no_local_second_factor(
    client, provider, mappings, sign_in, settings
):
    from .conftest import ADMINS_GROUP

    settings.MEETREGION_STAFF_2FA_REQUIRED = "staff"
    provider.person("nora", groups=[ADMINS_GROUP])
    sign_in(client, "nora")
    assert StaffSession.objects.get().method == StaffSession.Method.PROVIDER
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(("value", "ok"), [("", True), ("staff", True), ("none", False)])
def test_production_settings_require_the_second_factor_of_superusers(value, ok):
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "meetregion.settings.production",
    }
    env.pop("MEETREGION_STAFF_2FA_REQUIRED", None)
    if value:
        env["MEETREGION_STAFF_2FA_REQUIRED"] = value
    code = "from django.conf import settings; print(settings.MEETREGION_STAFF_2FA_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    if ok:
        assert result.stdout.strip() == (value or "superusers"), result.stderr
    else:
        assert "ImproperlyConfigured" in result.stderr
