"""Private links: what the submitter's tracking link, a member's confirmation and sign-in links
and a group lead's reporting link have in common.

Each is a row holding only the SHA-256 of an unguessable token (256 bits from `secrets`), and
each app's model adds only what is its own (whose link it is, its purpose). Creation, lookup by
hash, expiry, single use and revocation live here, once:

    token, link = MemberLink.issue(member=m, purpose="sign_in", lifetime=timedelta(minutes=30))
    MemberLink.objects.usable().for_token(token, purpose="sign_in").first()   # peek
    MemberLink.consume(token, purpose="sign_in")   # once; a second (or racing) use gets None
    LeadLink.revoke(group=g)                       # every link of that group stops working
"""

from datetime import timedelta
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .tokens import token_hash, token_new


class PrivateLinkQuerySet(models.QuerySet):
    def for_token(self, token: str, **filters) -> "PrivateLinkQuerySet":
        return self.filter(token_hash=token_hash(token), **filters)

    def usable(self, now=None) -> "PrivateLinkQuerySet":
        """Not revoked, not used (for single-use links) and not expired."""
        now = now or timezone.now()
        links = self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        if self.model.SINGLE_USE:
            links = links.filter(used_at__isnull=True)
        return links


class PrivateLink(models.Model):
    # True: the link works once (`consume`); False: it works until it expires or is revoked.
    SINGLE_USE = False

    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # None: no expiry of its own (a tracking link dies with its idea's rules instead).
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PrivateLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.token_hash[:8]}…"

    @classmethod
    def issue(cls, *, lifetime: timedelta | None = None, **owner) -> tuple[str, Self]:
        """A new link for `owner` (the model's own fields); returns the raw token, which is
        sent and never stored, and the row."""
        token, digest = token_new()
        now = timezone.now()
        link = cls.objects.create(
            token_hash=digest,
            created_at=now,
            expires_at=now + lifetime if lifetime is not None else None,
            **owner,
        )
        return token, link

    @classmethod
    def consume(cls, token: str, *, related: tuple[str, ...] = (), **filters) -> Self | None:
        """Use a single-use link once. The conditional update makes a second use, even one
        racing this one, find nothing. `related` is loaded with the row (its owner)."""
        now = timezone.now()
        used = cls.objects.usable(now).for_token(token, **filters).update(used_at=now)
        if used != 1:
            return None
        links = cls.objects.for_token(token)
        return (links.select_related(*related) if related else links).get()

    @classmethod
    def revoke(cls, **owner) -> int:
        """Stop every usable link of `owner` from working; returns how many."""
        return cls.objects.filter(revoked_at__isnull=True, **owner).update(
            revoked_at=timezone.now()
        )
