import re

import pytest
from django.core import mail

from tests.factories import FocusAreaFactory, MunicipalityFactory, SectorFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Northvik")


@pytest.fixture
def sector(db):
    return SectorFactory(name="Retail")


@pytest.fixture
def focus_area(db):
    return FocusAreaFactory(name="Climate and sustainability")


def link_from_outbox(kind: str) -> str:
    """The path of the last private link of this kind sent by e-mail."""
    pattern = {
        "confirm": r"/resource-bank/confirm/[\w-]+/",
        "sign_in": r"/resource-bank/sign-in/[\w-]+/",
    }[kind]
    for message in reversed(mail.outbox):
        found = re.search(pattern, message.body)
        if found:
            return found.group(0)
    raise AssertionError(f"no {kind} link in the outbox")
