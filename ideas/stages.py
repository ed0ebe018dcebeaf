"""The stages of an idea and the one table of legal moves between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("In screening")
    ACCEPTED = "accepted", _("Accepted for matching")
    PAUSED = "paused", _("Paused")
    DECLINED = "declined", _("Declined")
    REFERRED = "referred", _("Referred to the business pilot")
    IN_GROUP = "in_group", _("In a working group")
    COMPLETED = "completed", _("Completed")


MOVES: dict[str, frozenset[str]] = {
    Stage.SUBMITTED: frozenset({Stage.SCREENING, Stage.DECLINED, Stage.REFERRED}),
    Stage.SCREENING: frozenset({Stage.ACCEPTED, Stage.PAUSED, Stage.DECLINED, Stage.REFERRED}),
    Stage.ACCEPTED: frozenset({Stage.IN_GROUP, Stage.PAUSED, Stage.SCREENING, Stage.DECLINED}),
    # A paused idea is revived into screening or straight back to matching.
    Stage.PAUSED: frozenset({Stage.SCREENING, Stage.ACCEPTED, Stage.DECLINED}),
    Stage.IN_GROUP: frozenset({Stage.COMPLETED, Stage.PAUSED}),
    Stage.DECLINED: frozenset(),
    Stage.REFERRED: frozenset(),
    Stage.COMPLETED: frozenset(),
}

# Moves whose note to the submitter is the reason and so may not be left empty.
NOTE_REQUIRED = frozenset({Stage.DECLINED})

# What each stage means, in plain words for the submitter.
EXPLANATIONS = {
    Stage.SUBMITTED: _("We have received your idea. The business unit will look at it shortly."),
    Stage.SCREENING: _(
        "The business unit is screening your idea: whether it meets the criteria, its scope, "
        "whether it is realistic, and what is already being done in the area."
    ),
    Stage.ACCEPTED: _(
        "Your idea has been accepted for matching. The business unit is looking for the right "
        "people from the business community and the municipality."
    ),
    Stage.PAUSED: _(
        "Your idea has been paused. The business unit may take it up again when the time is right."
    ),
    Stage.DECLINED: _("Your idea will not be taken further. The note below says why."),
    Stage.REFERRED: _(
        "Your question is a service or authority matter. It has been referred to the business "
        "pilot, who will help you."
    ),
    Stage.IN_GROUP: _("A working group has been formed and is taking your idea forward."),
    Stage.COMPLETED: _(
        "The working group has finished its work. What it achieved is shared in the knowledge bank."
    ),
}

TERMINAL = frozenset(stage for stage, targets in MOVES.items() if not targets)


def legal_moves(stage: str) -> list[Stage]:
    return [Stage(s) for s in Stage.values if s in MOVES[stage]]


def can_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in MOVES.get(from_stage, ())


def is_terminal(stage: str) -> bool:
    return stage in TERMINAL
