"""Pages behind private links: out of caches and other sites' logs, and their forms work.

Under `Referrer-Policy: no-referrer` browsers post `Origin: null`, and Django's CSRF check
refuses every form on such a page (seen in a real browser on the membership confirmation
page). A private page with a POST form must therefore use `same-origin`.
"""

from datetime import timedelta

import pytest

from resourcebank.models import MemberLink
from resourcebank.services import member_link_create

from ..factories import MemberFactory, lead_token, working_group

pytestmark = pytest.mark.django_db


def _private_pages():
    member = MemberFactory(status="pending")
    confirm = member_link_create(
        member=member, purpose=MemberLink.Purpose.CONFIRM, lifetime=timedelta(days=1)
    )
    sign_in = member_link_create(
        member=MemberFactory(), purpose=MemberLink.Purpose.SIGN_IN, lifetime=timedelta(hours=1)
    )
    group = working_group()
    return [
        f"/resource-bank/confirm/{confirm}/",
        f"/resource-bank/sign-in/{sign_in}/",
        f"/groups/report/{lead_token(group)}/",
        f"/groups/report/{lead_token(group)}/final/",
    ]


def test_private_pages_with_forms_keep_a_referrer_policy_under_which_posting_works(client):
    for url in _private_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'method="post"' in response.text, url
        assert response["Referrer-Policy"] == "same-origin", url
        assert "no-store" in response["Cache-Control"], url
