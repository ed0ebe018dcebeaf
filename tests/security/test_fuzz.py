"""Hypothesis drives every public form: arbitrary Unicode (NUL and control characters
included), right-to-left text, 1 MB strings, HTML and script payloads. Never a 5xx; input
that is not accepted re-renders the form with its errors.

The rate limit is lifted for these tests (it is tested in test_abuse.py), and the honeypot
field is never filled, so every example reaches the form."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resourcebank.models import MemberLink
from resourcebank.services import member_link_create

from ..factories import (
    MemberFactory,
    MunicipalityFactory,
    SectorFactory,
    idea_form_data,
    member_form_data,
    working_group,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(__import__("os").environ.get("FUZZ_EXAMPLES", "500"))
PAYLOADS = (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines()
RTL = ["مرحبا بالعالم", "שלום עולם", "\u202eevil\u202c", "\u200f\u200e\u061c"]
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\u0085\u2028\u2029\ufeff"

small_text = st.one_of(
    st.text(max_size=300),  # any code point but surrogates: NUL, controls, emoji, combining
    st.text(alphabet=CONTROL, max_size=20),
    st.sampled_from(PAYLOADS),
    st.sampled_from(RTL),
    st.just(""),
)
# One field in about ten examples gets a 1 MB string.
huge = st.sampled_from(["x" * 1_000_000, "\u202e" * 1_000_000, "<" * 1_000_000])

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
COUNTED: dict[str, int] = {}


def fields_strategy(names):
    return st.tuples(
        st.fixed_dictionaries({name: small_text for name in names}),
        st.one_of(
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.none(),
            st.sampled_from(names),
        ),
        huge,
    ).map(lambda t: {**t[0], **({t[1]: t[2]} if t[1] else {})})


def _check(form, response, *, ok=(302,)):
    COUNTED[form] = COUNTED.get(form, 0) + 1
    assert response.status_code < 500, (form, response.status_code)
    if response.status_code in ok:
        return
    assert response.status_code in {200, 400, 404, 413}, (form, response.status_code)
    if response.status_code in {200, 400} and response.get("Content-Type", "").startswith(
        "text/html"
    ):
        body = response.content.decode()
        assert "error" in body.lower() or "invalid" in body.lower(), form


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.MEETREGION_RATE_LIMIT_POSTS = 10**9
    settings.MEETREGION_MEMBER_SIGN_IN_INTERVAL_SECONDS = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
    cache.clear()


IDEA_FIELDS = [
    "organisation_name",
    "organisation_type",
    "contact_name",
    "email",
    "phone",
    "title",
    "description",
    "collaboration_kind",
    "submission_key",
]


def test_fuzz_idea_start(client):
    @FUZZ
    @given(fields_strategy(["matter", "step"]))
    def run(data):
        _check(
            "idea start",
            client.get("/ideas/new/", {k: v.replace("\x00", "") for k, v in data.items()}),
            ok=(200, 302),
        )

    run()


def test_fuzz_idea_form(client):
    @FUZZ
    @given(fields_strategy(IDEA_FIELDS))
    def run(data):
        _check(
            "idea form",
            client.post("/ideas/new/", {**idea_form_data(confirmed_similar="1"), **data}),
        )

    run()


def test_fuzz_tracking_link_request(client):
    @FUZZ
    @given(fields_strategy(["email"]))
    def run(data):
        _check("tracking request", client.post("/ideas/track/", data))

    run()


MEMBER_FIELDS = [
    "name",
    "role",
    "company_name",
    "organisation_number",
    "email",
    "phone",
    "municipality",
    "scope",
    "idea_reference",
]


def test_fuzz_resource_bank_join(client):
    base = member_form_data(municipality=MunicipalityFactory(), sectors=[SectorFactory()])

    @FUZZ
    @given(fields_strategy(MEMBER_FIELDS))
    def run(data):
        _check("join", client.post("/resource-bank/join/", {**base, **data}))

    run()


def test_fuzz_sign_in_request(client):
    @FUZZ
    @given(fields_strategy(["email"]))
    def run(data):
        _check("sign-in request", client.post("/resource-bank/sign-in/", data))

    run()


def test_fuzz_member_profile_edit(client):
    member = MemberFactory()
    token = member_link_create(
        member=member,
        purpose=MemberLink.Purpose.SIGN_IN,
        lifetime=__import__("datetime").timedelta(hours=1),
    )
    assert client.post(f"/resource-bank/sign-in/{token}/").status_code == 302
    base = member_form_data(municipality=member.municipality, sectors=[SectorFactory()])
    base.pop("email"), base.pop("consent")

    @FUZZ
    @given(fields_strategy([f for f in MEMBER_FIELDS if f != "email"]))
    def run(data):
        _check("profile edit", client.post("/resource-bank/me/", {**base, **data}))

    run()


def test_fuzz_accessibility_report(client):
    @FUZZ
    @given(fields_strategy(["description", "page", "name", "email"]))
    def run(data):
        _check("accessibility report", client.post("/accessibility/", data))

    run()


def _token(kind, pk):
    from notifications.models import Email

    body = Email.objects.filter(kind=kind, object_id=str(pk)).latest("pk").body_text
    marker = {"group_invitation": "/groups/invitations/", "group_lead_welcome": "/groups/report/"}
    return body.split(marker[kind])[1].split("/")[0]


# The private links are read from the outbox rows before a send would blank them (the test
# transaction never commits, so nothing is sent).
def test_fuzz_invitation_answer():
    from workgroups import services

    group = working_group()

    @FUZZ
    @given(fields_strategy(["answer", "message"]))
    def run(data):
        # A fresh invitation each time: a valid answer uses the link up.
        invitation = services.invitation_create(group=group, member=MemberFactory())
        url = f"/groups/invitations/{_token('group_invitation', invitation.pk)}/"
        _check("invitation answer", Client().post(url, data))

    run()


def test_fuzz_lead_progress_and_final_report():
    group = working_group()
    token = _token("group_lead_welcome", group.pk)
    client = Client()

    @FUZZ
    @given(fields_strategy(["done", "next_steps", "blockers", "is_public"]))
    def progress(data):
        _check("lead progress report", client.post(f"/groups/report/{token}/", data))

    @FUZZ
    @given(fields_strategy(["results", "experiences", "lessons", "partners"]))
    def final(data):
        # Without the confirmation box the report is never final, so the link stays usable.
        _check("lead final report", client.post(f"/groups/report/{token}/final/", data))

    progress()
    final()


def test_zz_report_the_fuzzing_figures():
    print(f"\nfuzzed {len(COUNTED)} forms: {COUNTED}, {sum(COUNTED.values())} examples")
