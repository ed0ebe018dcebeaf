"""Private links: unguessable tokens of which only a hash is ever stored."""

import hashlib
import secrets

from django.conf import settings


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A fresh token (256 bits from `secrets`) and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address plus the path."""
    return settings.SITE_URL + path
