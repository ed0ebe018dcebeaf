import pytest
from django.core.cache import cache

from core.roles import SCREENERS, roles_ensure
from ideas.services import idea_submit

from .factories import UserFactory, idea_service_data


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def screener(db):
    """Business-unit staff in the Screeners group, with no other rights."""
    user = UserFactory(username="screener", is_staff=True)
    user.groups.add(roles_ensure()[SCREENERS])
    return user


@pytest.fixture
def staff_without_rights(db):
    return UserFactory(username="clerk", is_staff=True)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def submitted(db, django_capture_on_commit_callbacks):
    """An idea filed through the real submission service: (idea, raw tracking token)."""
    data = idea_service_data()
    with django_capture_on_commit_callbacks(execute=True):
        submission = idea_submit(
            data=data,
            focus_areas=[],
            language="en",
            submission_key=data["submission_key"],
        )
    return submission.idea, submission.token


@pytest.fixture
def smtp_sink(settings):
    """Deliver this test's e-mail to a real SMTP server on 127.0.0.1."""
    from .smtp_sink import SmtpSink

    with SmtpSink() as sink:
        settings.MAILERS = sink.mailers()
        yield sink


@pytest.fixture(scope="session")
def loopback_provider(tmp_path_factory):
    """A real OpenID Connect provider on 127.0.0.1 (tests/oidc_provider/), once per run."""
    from .staffauth.provider import start_provider

    provider = start_provider(tmp_path_factory.mktemp("oidc-provider"))
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A local S3-compatible server (moto's server mode) for the whole session."""
    from .s3 import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3") / "moto.log").start()
    yield server
    server.stop()


@pytest.fixture
def object_storage(s3_server, settings):
    """This test's uploads go to the S3-compatible server, as on a multi-node deployment."""
    s3_server.use_in(settings)
    return s3_server
