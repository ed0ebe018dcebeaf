"""Every write to ideas that touches several rows or has a side effect."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.ratelimit import mailbox_allows
from core.regions import OutOfScope, scope_require, staff_scope
from core.tokens import absolute_url
from notifications.services import email_queue

from .models import Idea, InternalNote, StageChange, TrackingLink
from .stages import NOTE_REQUIRED, TERMINAL, Stage, can_move


class IdeaError(Exception):
    """A domain error whose message is fit to show to staff."""


class IllegalMove(IdeaError):
    pass


class NoteRequired(IdeaError):
    pass


class StaleMove(IdeaError):
    """Someone else moved the idea after this screener's page was drawn."""

    def __init__(self, expected: str, actual: str):
        super().__init__(expected, actual)
        self.expected, self.actual = expected, actual


@dataclass(frozen=True)
class Submission:
    idea: Idea
    token: str
    created: bool


def tracking_link_create(*, idea: Idea) -> str:
    """Issue a new private link; return the token, of which only a hash is kept."""
    token, _link = TrackingLink.issue(idea=idea)
    return token


def _tracking_url(token: str) -> str:
    return absolute_url(TrackingLink.url_for(token))


IDEA_FIELDS = (
    "organisation_name",
    "organisation_type",
    "contact_name",
    "email",
    "phone",
    "title",
    "description",
    "collaboration_kind",
    "wants_to_take_part",
    "accepted_criteria",
    "acknowledged_no_guarantee",
)


def idea_submit(
    *, data: dict, focus_areas, language: str, submission_key, municipalities=()
) -> Submission:
    """File an idea, record its first stage and queue the receipt with its tracking link.

    `municipalities`: those the idea concerns (none: the whole region). The first of them in
    the region's order handles it, and its business unit signs the receipt; an idea of the
    whole region is the coordinating unit's. The same submission key files one idea however
    often it is posted (a double click, a reload); a repeat gets a fresh link to the idea it
    already filed.
    """
    existing = Idea.objects.filter(submission_key=submission_key).first()
    if existing is None:
        try:
            return _idea_create(data, focus_areas, language, submission_key, municipalities)
        except IntegrityError:
            # Two posts of one form raced; the other one won.
            existing = Idea.objects.get(submission_key=submission_key)
    with transaction.atomic():
        return Submission(idea=existing, token=tracking_link_create(idea=existing), created=False)


@transaction.atomic
def _idea_create(data, focus_areas, language, submission_key, municipalities) -> Submission:
    now = timezone.now()
    municipalities = sorted(municipalities, key=lambda m: (m.order, m.name))
    idea = Idea.objects.create(
        submission_key=submission_key,
        language=language,
        submitted_at=now,
        stage_changed_at=now,
        handled_by=municipalities[0] if municipalities else None,
        **{field: data[field] for field in IDEA_FIELDS if field in data},
    )
    idea.reference = f"{now:%Y}-{idea.pk:05d}"
    idea.save(update_fields=["reference"])
    idea.focus_areas.set(focus_areas)
    idea.municipalities.set(municipalities)
    StageChange.objects.create(idea=idea, from_stage="", to_stage=Stage.SUBMITTED, at=now)
    token = tracking_link_create(idea=idea)
    email_queue(
        to=idea.email,
        template="idea_received",
        context={"idea": idea, "tracking_url": _tracking_url(token)},
        language=language,
        related=idea,
        redact_after_send=True,
        unit=idea.handled_by,
    )
    return Submission(idea=idea, token=token, created=True)


def idea_move(
    *,
    idea: Idea,
    to: str,
    by=None,
    note: str = "",
    internal_note: str = "",
    revive_on: date | None = None,
    expected_stage: str | None = None,
) -> StageChange | None:
    """Move an idea to another stage, record it and tell the submitter.

    Returns None when the idea is already there (a repeated click does nothing). Raises
    IllegalMove for a jump the process does not allow, and StaleMove when `expected_stage`
    (the stage the screener saw) is no longer the idea's stage: two screeners on one idea
    get one move and a clear conflict, not two moves.
    """
    note = note.strip()
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("handled_by")
            .get(pk=idea.pk)
        )
        scope_require(by, locked)
        if locked.stage == to:
            return None
        if expected_stage and locked.stage != expected_stage:
            raise StaleMove(expected_stage, locked.stage)
        if not can_move(locked.stage, to):
            raise IllegalMove(locked.stage, to)
        if to in NOTE_REQUIRED and not note:
            raise NoteRequired(to)
        now = timezone.now()
        from_stage = locked.stage
        locked.stage = to
        locked.stage_changed_at = now
        locked.revive_on = revive_on if to == Stage.PAUSED else None
        locked.save(update_fields=["stage", "stage_changed_at", "revive_on", "updated_at"])
        change = StageChange.objects.create(
            idea=locked, from_stage=from_stage, to_stage=to, by=by, at=now, note=note
        )
        if internal_note.strip():
            InternalNote.objects.create(idea=locked, author=by, text=internal_note.strip())
        token = tracking_link_create(idea=locked)
        email_queue(
            to=locked.email,
            template="idea_stage_changed",
            context={
                "idea": locked,
                "change": change,
                "tracking_url": _tracking_url(token),
            },
            language=locked.language,
            related=locked,
            redact_after_send=True,
            unit=locked.handled_by,
        )
    idea.stage, idea.stage_changed_at, idea.revive_on = to, now, locked.revive_on
    return change


class HandoverError(IdeaError):
    """A hand-over that cannot be made; the message says why."""


def idea_handover(*, idea: Idea, to, by, note: str = "", from_municipality=None) -> StageChange:
    """A coordinator hands an idea over to another municipality's business unit: `to` takes
    the place of `from_municipality` (by default the one handling it) among the municipalities
    it concerns, and handles it from now on. Recorded in the stage history (the stage stays)
    and told to the submitter by the new business unit."""
    if not staff_scope(by).region or not by.has_perm("ideas.handover_idea"):
        raise OutOfScope(gettext("Only the region's coordinators hand ideas over."))
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("handled_by")
            .get(pk=idea.pk)
        )
        source = from_municipality or locked.handled_by
        if locked.stage in TERMINAL:
            raise HandoverError(gettext("A closed idea is not handed over."))
        if to == locked.handled_by and to in locked.municipalities.all():
            raise HandoverError(gettext("%(name)s already handles this idea.") % {"name": to.name})
        if source is not None:
            locked.municipalities.remove(source)
        locked.municipalities.add(to)
        locked.handled_by = to
        locked.save(update_fields=["handled_by", "updated_at"])
        change = StageChange.objects.create(
            idea=locked,
            from_stage=locked.stage,
            to_stage=locked.stage,
            by=by,
            note=note.strip(),
            handed_from=source,
            handed_to=to,
        )
        token = tracking_link_create(idea=locked)
        email_queue(
            to=locked.email,
            template="idea_handed_over",
            context={"idea": locked, "change": change, "tracking_url": _tracking_url(token)},
            language=locked.language,
            related=locked,
            redact_after_send=True,
            unit=to,
        )
    idea.handled_by = to
    return change


def tracking_links_resend(*, email: str, language: str) -> None:
    """Send fresh links to every idea filed from this address.

    The caller shows the same answer whether or not the address is known; at most one
    message per address per interval keeps this from being used to flood a mailbox.
    """
    address = email.strip().lower()
    interval = settings.MEETREGION_TRACKING_RESEND_INTERVAL_SECONDS
    if not mailbox_allows(scope="tracking-links", address=address, seconds=interval):
        return
    with transaction.atomic():
        ideas = list(Idea.objects.filter(email__iexact=address).order_by("-submitted_at")[:50])
        if not ideas:
            return
        links = [(idea, _tracking_url(tracking_link_create(idea=idea))) for idea in ideas]
        email_queue(
            to=ideas[0].email,
            template="tracking_links",
            context={"links": links},
            language=language,
            related=ideas[0],
            redact_after_send=True,
        )


def tracking_link_resolve(*, token: str) -> Idea | None:
    link = TrackingLink.objects.usable().for_token(token).first()
    if link is None:
        return None
    # The idea apart, by its key: joined to the link, PostgreSQL may merge-join along the whole
    # idea table when its statistics of the links are stale (40 ms at 100,000 ideas, not 1).
    link.idea = Idea.objects.select_related("handled_by").get(pk=link.idea_id)
    now = timezone.now()
    if _tracking_expired(link.idea, now):
        return None
    if link.last_used_at is None or now - link.last_used_at > timedelta(hours=1):
        TrackingLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link.idea


def _tracking_expired(idea: Idea, now) -> bool:
    """Links die a while after the idea reached a final stage (declined, referred, completed):
    the submitter has had their answer, and an old forwarded link should not keep working."""
    if idea.stage not in TERMINAL:
        return False
    days = settings.MEETREGION_TRACKING_LINK_DAYS_AFTER_CLOSE
    return now - idea.stage_changed_at > timedelta(days=days)


# Personal data on a closed idea: who sent it and how to reach them, in their own words.
# Kept for statistics: title, organisation type, focus areas, sectors, municipality, dates.
ANONYMISED_FIELDS = ("organisation_name", "contact_name", "email", "phone", "description")
ANONYMISED_STAGES = (Stage.DECLINED, Stage.REFERRED)


def ideas_anonymise_closed(*, now=None) -> int:
    """Erase the personal data of ideas declined or referred longer ago than the archive
    period (MEETREGION_ANONYMISE_CLOSED_IDEAS_DAYS). Returns how many were anonymised.

    Safe to run twice or at once from two workers: an anonymised idea has no e-mail address
    left and is not selected again, and rows are locked (skipping those another run holds).
    """
    days = settings.MEETREGION_ANONYMISE_CLOSED_IDEAS_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    from notifications.models import Email

    with transaction.atomic():
        ideas = list(
            Idea.objects.filter(stage__in=ANONYMISED_STAGES, stage_changed_at__lt=cutoff)
            .exclude(email="")
            .select_for_update(skip_locked=True)
        )
        for idea in ideas:
            for field in ANONYMISED_FIELDS:
                setattr(idea, field, "")
            idea.save()
            idea.tracking_links.all().delete()
            # The notes to the submitter may address them by name; the stages and dates stay.
            idea.stage_changes.update(note="")
            rows = Email.objects.for_object(idea).exclude(status=Email.Status.SENDING)
            rows.filter(status=Email.Status.PENDING).update(
                status=Email.Status.FAILED, last_error="The idea was anonymised before sending."
            )
            rows.update(to="", subject="", body_text="", body_html="")
    return len(ideas)
