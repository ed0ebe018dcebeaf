import pytest
from django.core import mail

from resourcebank.demo import seed_members
from resourcebank.models import Member
from resourcebank.services import member_confirm, member_sign_in, member_withdraw
from tests.factories import FocusAreaFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_withdrawing_twice_changes_nothing_the_second_time():
    member = MemberFactory()
    first = member_withdraw(member=member)
    again = member_withdraw(member=member)
    assert first.withdrawn_at == again.withdrawn_at


def test_withdrawn_member_cannot_use_an_old_sign_in_link(django_capture_on_commit_callbacks):
    from resourcebank.services import member_sign_in_request

    member = MemberFactory(email="anna@berg.example")
    with django_capture_on_commit_callbacks(execute=True):
        member_sign_in_request(email=member.email, language="en")
    token = mail.outbox[-1].body.split("/resource-bank/sign-in/")[1].split("/")[0]
    member_withdraw(member=member)
    assert member_sign_in(token=token) is None


@pytest.mark.parametrize("token", ["", "x", "0" * 43])
def test_unknown_tokens_do_nothing(token):
    assert member_confirm(token=token) is None
    assert member_sign_in(token=token) is None


def test_demo_members_are_idempotent():
    for name in [
        "Urban development",
        "Events and visitors",
        "Innovation and digitalisation",
        "Skills and jobs",
        "Climate and sustainability",
        "Inclusion and social sustainability",
    ]:
        FocusAreaFactory(name=name)
    assert seed_members() == 14
    assert seed_members() == 0
    assert Member.objects.active().count() == 12
    assert Member.objects.pending().count() == 1
    assert Member.objects.filter(status=Member.Status.WITHDRAWN, name="").count() == 1
