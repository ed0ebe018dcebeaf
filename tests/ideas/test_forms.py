import pytest

from ideas.forms import IdeaForm, MoveForm
from ideas.stages import Stage

from ..factories import IdeaFactory, idea_form_data

pytestmark = pytest.mark.django_db


def test_complete_form_is_valid():
    form = IdeaForm(idea_form_data())
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("title", ""),
        ("organisation_name", ""),
        ("contact_name", ""),
        ("organisation_type", "bank"),
        ("collaboration_kind", ""),
        ("description", "Too short."),
        ("accepted_criteria", None),
        ("acknowledged_no_guarantee", None),
    ],
)
def test_bad_input_is_reported_beside_the_field(field, value):
    form = IdeaForm(idea_form_data(**{field: value}))
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_move_form_offers_only_legal_moves():
    idea = IdeaFactory(stage=Stage.SUBMITTED)
    form = MoveForm(idea=idea)
    # Nothing is chosen until staff choose (or follow a "Move to …" link), then the legal moves.
    assert [value for value, _label in form.fields["to"].widget.choices] == [
        "",
        "screening",
        "declined",
        "referred",
    ]
    assert MoveForm({}, idea=idea).errors["to"] == ["This field is required."]
    bad = MoveForm({"to": "completed"}, idea=idea)
    assert not bad.is_valid()
    assert bad.errors["to"] == ["An idea that is “Submitted” cannot move to “Completed”."]


def test_move_form_wants_a_reason_for_declining():
    idea = IdeaFactory(stage=Stage.SCREENING)
    form = MoveForm({"to": "declined", "note": ""}, idea=idea)
    assert not form.is_valid() and "note" in form.errors
