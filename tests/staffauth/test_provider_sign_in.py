"""Staff sign in through a real OpenID Connect provider on loopback (django-oauth-toolkit,
tests/oidc_provider/), through the whole redirect flow: code flow with PKCE, a signed ID
token, state and nonce. Bad answers are refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from core.regions import staff_scope
from core.roles import EVALUATORS, SCREENERS
from staffauth.models import StaffIdentity, StaffSession

from .conftest import ADMINS_GROUP, EVALUATORS_GROUP, SCREENERS_GROUP

User = get_user_model()


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def places_of(user) -> set[str]:
    return set(user.municipalities.values_list("name", flat=True))


def test_staff_sign_in_maps_two_groups_to_two_roles(client, provider, mappings, sign_in):
    provider.person("alice", groups=[SCREENERS_GROUP, EVALUATORS_GROUP, "unrelated-group"])

    walk = sign_in(client, "alice")

    query = parse_qs(urlsplit(walk.authorization_url).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert walk.response.status_code == 302 and walk.response["Location"] == "/admin/"
    user = signed_in_user(client)
    assert user.username == "alice" and user.email == "alice@municipality.example"
    assert roles_of(user) == {SCREENERS, EVALUATORS}
    assert places_of(user) == {"Northvik", "Southby"}
    assert staff_scope(user).municipality_ids == set(
        user.municipalities.values_list("pk", flat=True)
    )
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    identity = StaffIdentity.objects.get(user=user)
    assert identity.issuer == provider.issuer
    assert EVALUATORS_GROUP in identity.claim_values
    assert StaffSession.objects.get(user=user).method == StaffSession.Method.PROVIDER
    assert client.get("/admin/").status_code == 200


def test_group_removed_at_the_provider_is_gone_at_the_next_sign_in(
    client, provider, mappings, sign_in
):
    provider.person("bob", groups=[SCREENERS_GROUP, EVALUATORS_GROUP])
    sign_in(client, "bob")
    user = signed_in_user(client)
    assert roles_of(user) == {SCREENERS, EVALUATORS}

    provider.person("bob", groups=[SCREENERS_GROUP])
    again = Client()
    sign_in(again, "bob")

    assert signed_in_user(again) == user
    user.refresh_from_db()
    assert roles_of(user) == {SCREENERS}
    # The group gave Southby: gone with it, while Northvik stays with the Screeners' group.
    assert places_of(user) == {"Northvik"}
    assert not user.has_perm("followup.view_dashboard") or SCREENERS in roles_of(user)
    assert User.objects.filter(username__startswith="bob").count() == 1


def test_a_group_given_by_hand_that_no_mapping_mentions_stays(client, provider, mappings, sign_in):
    from django.contrib.auth.models import Group

    provider.person("carla", groups=[SCREENERS_GROUP])
    sign_in(client, "carla")
    user = signed_in_user(client)
    other = Group.objects.create(name="Newsletter editors")
    user.groups.add(other)

    sign_in(Client(), "carla")

    assert roles_of(user) == {SCREENERS, "Newsletter editors"}


def test_person_no_longer_allowed_cannot_get_in_and_loses_every_right(
    client, provider, mappings, sign_in
):
    provider.person("dan", groups=[SCREENERS_GROUP])
    sign_in(client, "dan")
    user = signed_in_user(client)

    provider.person("dan", groups=[])
    other = Client()
    walk = sign_in(other, "dan")

    assert walk.response.status_code == 403
    assert signed_in_user(other) is None
    user.refresh_from_db()
    assert not user.is_staff and roles_of(user) == set() and places_of(user) == set()
    # Their session elsewhere ended too.
    assert signed_in_user(client) is None
    assert client.get("/admin/").status_code == 302


def test_unknown_person_gets_a_page_saying_whom_to_ask_and_no_account(
    client, provider, mappings, sign_in
):
    from core.models import SiteSettings

    site = SiteSettings.load()
    site.business_unit_name = "Northvik business unit"
    site.business_unit_email = "business@northvik.example"
    site.save()
    provider.person("erik", groups=["the-whole-staff"])
    users = User.objects.count()

    walk = sign_in(client, "erik")

    assert walk.response.status_code == 403
    page = walk.response.content.decode()
    assert "erik@municipality.example" in page
    assert "Northvik business unit" in page and "mailto:business@northvik.example" in page
    assert User.objects.count() == users
    assert not StaffIdentity.objects.exists()
    assert signed_in_user(client) is None


def test_full_rights_come_from_a_mapping_too(client, provider, mappings, sign_in):
    provider.person("fatima", groups=[ADMINS_GROUP])
    sign_in(client, "fatima")
    user = signed_in_user(client)
    assert user.is_superuser and user.is_staff

    provider.person("fatima", groups=[SCREENERS_GROUP])
    sign_in(Client(), "fatima")
    user.refresh_from_db()
    assert not user.is_superuser and roles_of(user) == {SCREENERS}


@pytest.mark.parametrize(
    "mode",
    [
        "wrong_audience",
        "expired",
        "tampered_signature",
        "wrong_nonce",
        "wrong_issuer",
        "unsigned",
    ],
)
def test_bad_id_token_is_refused(client, provider, mappings, sign_in, mode):
    provider.person("gustav", groups=[SCREENERS_GROUP])
    provider.misbehave_once(mode)
    users = User.objects.count()

    walk = sign_in(client, "gustav")

    assert walk.response.status_code == 400
    assert b"could not be accepted" in walk.response.content
    assert signed_in_user(client) is None
    assert User.objects.count() == users


def test_replayed_state_is_refused(client, provider, mappings, sign_in):
    provider.person("hanna", groups=[SCREENERS_GROUP])
    walk = sign_in(client, "hanna")
    assert signed_in_user(client) is not None

    # The same answer again, in the same browser and in another one (a stolen callback URL).
    assert client.get(walk.callback).status_code == 400
    thief = Client()
    assert thief.get(walk.callback).status_code == 400
    assert signed_in_user(thief) is None


def test_answer_with_another_state_is_refused(client, provider, mappings, sign_in):
    provider.person("ida", groups=[SCREENERS_GROUP])
    walk = sign_in(client, "ida", next_url="/admin/ideas/")
    client.logout()
    client.get(reverse("staffauth:oidc_authenticate"))  # a state of this browser's own
    forged = walk.callback.replace("state=", "state=forged")

    assert client.get(forged).status_code == 400
    assert signed_in_user(client) is None


def test_code_exchange_without_the_pkce_verifier_is_refused(client, provider, mappings):
    from .provider import ProviderBrowser, path_of

    provider.person("jonas", groups=[SCREENERS_GROUP])
    start = client.get(reverse("staffauth:oidc_authenticate"))
    back = ProviderBrowser(provider).follow(start["Location"], username="jonas")
    session = client.session
    for entry in session["oidc_states"].values():
        entry["code_verifier"] = "x" * 64  # not the verifier of the challenge sent
    session.save()

    response = client.get(path_of(back))

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_provider_error_answer_is_refused(client, provider, mappings):
    start = client.get(reverse("staffauth:oidc_authenticate"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get(
        reverse("staffauth:oidc_callback"), {"error": "access_denied", "state": state}
    )

    assert response.status_code == 400
    assert state not in client.session["oidc_states"]


def test_logout_ends_the_provider_session_too(client, provider, mappings, sign_in):
    provider.person("karin", groups=[SCREENERS_GROUP])
    walk = sign_in(client, "karin")

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 302
    logout_url = response["Location"]
    assert logout_url.startswith(f"{provider.issuer}/logout/")
    query = parse_qs(urlsplit(logout_url).query)
    assert query["id_token_hint"][0] and query["client_id"] == ["meetregion-tests"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/admin/login/"]
    assert signed_in_user(client) is None
    assert not StaffSession.objects.exists()
    # The provider ends its own session and sends the browser back to our sign-in page…
    assert walk.browser.follow(logout_url) == "http://testserver/admin/login/"
    # …so the next sign-in asks for the password at the provider again.
    start = client.get(reverse("staffauth:oidc_authenticate"))
    with pytest.raises(AssertionError, match="asks for a sign-in"):
        walk.browser.follow(start["Location"])


def test_password_sign_in_logs_out_as_before(client, provider, screener):
    client.force_login(screener)
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert signed_in_user(client) is None


def test_provider_that_cannot_be_reached_gets_a_page(client, provider, settings):
    from .provider import free_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/o"
    response = client.get(reverse("staffauth:oidc_authenticate"))
    assert response.status_code == 503
    assert b"could not be reached" in response.content


def test_admin_sign_in_page_offers_the_organisation_beside_passwords(client, provider):
    page = client.get(reverse("admin:login"), {"next": "/admin/ideas/"}).content.decode()
    assert "Sign in with Northvik municipality" in page
    assert "/staff/sign-in/?next=%2Fadmin%2Fideas%2F" in page
    assert 'name="password"' in page


def test_passwords_switched_off_leave_only_the_organisation(client, provider, settings, screener):
    settings.MEETREGION_STAFF_PASSWORD_LOGIN = False
    screener.set_password("meetregion-demo")
    screener.save()

    page = client.get(reverse("admin:login")).content.decode()
    response = client.post(
        reverse("admin:login"), {"username": "screener", "password": "meetregion-demo"}
    )

    assert "Sign in with Northvik municipality" in page and 'name="password"' not in page
    assert response.status_code == 200 and signed_in_user(client) is None


def test_quick_start_needs_no_provider(client, settings, db):
    settings.OIDC_ISSUER = ""
    page = client.get(reverse("admin:login")).content.decode()
    assert "Sign in with" not in page and 'name="password"' in page
    assert client.get(reverse("staffauth:oidc_authenticate")).status_code == 404
    assert client.get(reverse("staffauth:oidc_callback")).status_code == 404


def test_people_without_access_do_not_lock_out_their_colleagues(
    client, provider, mappings, sign_in, settings
):
    provider.person("lars", groups=["the-whole-staff"])
    provider.person("maria", groups=[SCREENERS_GROUP])
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(Client(), "lars").response.status_code == 403

    assert sign_in(client, "maria").response.status_code == 302
    assert signed_in_user(client).username == "maria"


def test_the_logout_form_may_end_at_the_provider():
    """The admin's logout form redirects to the provider: CSP form-action allows its origin."""
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.SECURE_CSP['form-action'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meetregion.settings.dev",
        "OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert "'https://login.microsoftonline.com'" in result.stdout, result.stderr
