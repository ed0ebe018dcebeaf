"""The one private-link model (core.links): behaviour shared by the tracking, member and lead
links, and links issued before the change still opening after its migration."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.tokens import token_new
from ideas.models import TrackingLink
from ideas.services import tracking_link_resolve
from resourcebank.models import MemberLink
from resourcebank.services import member_link_peek, member_sign_in
from workgroups.models import LeadLink
from workgroups.services import lead_link_resolve

from ..factories import IdeaFactory, MemberFactory, working_group

# The last migrations before the links shared core.links.PrivateLink.
BEFORE = [
    ("ideas", "0006_idea_dashboard_list_indexes"),
    ("resourcebank", "0004_member_consent_record"),
    ("workgroups", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_links_issued_before_the_shared_model_still_open_after_its_migration():
    idea = IdeaFactory()
    member = MemberFactory()
    group = working_group()
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    tokens = {}
    tokens["tracking"], digest = token_new()
    old.get_model("ideas", "TrackingLink").objects.create(idea_id=idea.pk, token_hash=digest)
    tokens["sign_in"], digest = token_new()
    old.get_model("resourcebank", "MemberLink").objects.create(
        member_id=member.pk,
        purpose="sign_in",
        token_hash=digest,
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    tokens["lead"], digest = token_new()
    old.get_model("workgroups", "LeadLink").objects.create(group_id=group.pk, token_hash=digest)

    _migrate(latest)

    # Every row is kept, and keeps its hash.
    assert TrackingLink.objects.filter(idea=idea).count() == 1
    assert LeadLink.objects.filter(group=group).count() == 2  # the welcome link and the old one
    assert tracking_link_resolve(token=tokens["tracking"]) == idea
    assert member_link_peek(token=tokens["sign_in"], purpose="sign_in").member == member
    assert member_sign_in(token=tokens["sign_in"]) == member
    assert member_sign_in(token=tokens["sign_in"]) is None  # single use, as before
    assert lead_link_resolve(token=tokens["lead"]) == group


@pytest.mark.django_db
def test_a_single_use_link_works_once_and_an_expired_one_never():
    member = MemberFactory()
    token, link = MemberLink.issue(member=member, purpose="sign_in", lifetime=timedelta(minutes=5))
    assert link.expires_at - link.created_at == timedelta(minutes=5)
    assert MemberLink.consume(token, purpose="confirm") is None  # another purpose
    assert MemberLink.consume(token, purpose="sign_in").pk == link.pk
    assert MemberLink.consume(token, purpose="sign_in") is None
    expired, _link = MemberLink.issue(member=member, purpose="sign_in", lifetime=timedelta(0))
    assert not MemberLink.objects.usable().for_token(expired).exists()
    assert MemberLink.consume(expired) is None


@pytest.mark.django_db
def test_revoking_stops_every_link_of_the_owner_and_only_those():
    group, other = working_group(), working_group(name="Another group")
    token, _link = LeadLink.issue(group=group)
    other_token, _link = LeadLink.issue(group=other)
    assert LeadLink.revoke(group=group) == 2  # the welcome link and this one
    assert lead_link_resolve(token=token) is None
    assert lead_link_resolve(token=other_token) == other
    assert LeadLink.revoke(group=group) == 0


@pytest.mark.django_db
def test_reusable_links_keep_working_and_only_the_hash_is_stored():
    idea = IdeaFactory()
    token, link = TrackingLink.issue(idea=idea)
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert tracking_link_resolve(token=token) == idea
    assert tracking_link_resolve(token=token) == idea
    assert link.expires_at is None
